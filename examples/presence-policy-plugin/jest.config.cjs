module.exports = { ...require('../../jest.preset.cjs'), displayName: 'presence-policy-plugin' };

module.exports = { ...require('../../jest.preset.cjs'), displayName: 'directory-redis' };

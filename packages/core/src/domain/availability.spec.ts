import { Availability, availabilityForCode, availabilityForToken } from './availability';

describe('Availability', () => {
  it('uses the codes Lync publishes and the UCWA tokens', () => {
    expect(Object.values(Availability).map((a) => [a.code, a.token])).toEqual([
      [3500, 'Online'],
      [6500, 'Busy'],
      [9500, 'DoNotDisturb'],
      [12500, 'BeRightBack'],
      [15500, 'Away'],
      [18500, 'Offline'],
    ]);
  });

  it.each([
    [2999, undefined],
    [3000, 'Online'],
    [4999, 'Online'],
    [6000, 'Busy'],
    [8999, 'Busy'],
    [9000, 'DoNotDisturb'],
    [12000, 'BeRightBack'],
    [15000, 'Away'],
    [18000, 'Offline'],
    [Number.NaN, undefined],
  ])('reads code %d as %s', (code, token) => {
    expect(availabilityForCode(code)?.token).toBe(token);
  });

  it('finds an availability by token', () => {
    expect(availabilityForToken('BeRightBack')).toBe(Availability.BeRightBack);
    expect(availabilityForToken('Lunch')).toBeUndefined();
  });
});

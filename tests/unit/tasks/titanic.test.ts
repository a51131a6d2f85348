import { describe, expect, it } from 'vitest';
import { checkPassenger, PASSENGER_LIMITS, type PassengerInput } from '../../../src/tasks/tabular/titanic';

const valid: PassengerInput = { pclass: 3, sex: 'male', age: 29, fare: 8, embarked: 'S' };
const errorsOf = (change: Partial<PassengerInput>) => {
  const check = checkPassenger({ ...valid, ...change } as PassengerInput);
  return check.ok ? {} : check.errors;
};

describe('checkPassenger', () => {
  it('passes a valid passenger through unchanged', () => {
    expect(checkPassenger(valid)).toEqual({ ok: true, passenger: valid });
  });

  it('accepts the youngest and oldest passengers and the dearest ticket of the data set, and the envelope edges', () => {
    for (const age of [0, 0.42, 80, 100]) expect(errorsOf({ age })).toEqual({});
    for (const fare of [0, 512.33, 600]) expect(errorsOf({ fare })).toEqual({});
  });

  it('refuses ages outside 0-100, saying the range and the value', () => {
    expect(errorsOf({ age: -5 }).age).toBe('Age must be between 0 and 100 years, not -5. The passengers were 0.42 (5 months) to 80 years old.');
    expect(errorsOf({ age: 200 }).age).toMatch(/^Age must be between 0 and 100 years, not 200\./);
    expect(errorsOf({ age: 100.5 }).age).toMatch(/not 100\.5/);
    expect(errorsOf({ age: -0.01 }).age).toBeDefined();
  });

  it('refuses fares outside £0-600', () => {
    expect(errorsOf({ fare: -100 }).fare).toBe('Fare must be between £0 and £600, not -100. Tickets cost £0 to £512.33.');
    expect(errorsOf({ fare: 600.01 }).fare).toMatch(/^Fare must be between/);
  });

  it('asks for a number when a field is empty or unreadable', () => {
    expect(errorsOf({ age: null })).toEqual({ age: 'Enter an age in years, from 0 to 100.' });
    expect(errorsOf({ fare: null })).toEqual({ fare: 'Enter a fare in pounds, from £0 to £600.' });
    for (const age of [Number.NaN, Number.POSITIVE_INFINITY]) expect(errorsOf({ age }).age).toMatch(/^Enter an age/);
  });

  it('reports every bad field at once, so the form can mark each', () => {
    expect(Object.keys(errorsOf({ age: 200, fare: -1 })).sort()).toEqual(['age', 'fare']);
  });

  it('refuses categories the pipeline was not trained on (callers other than the form)', () => {
    expect(errorsOf({ pclass: 4 as 1 }).pclass).toMatch(/1st, 2nd or 3rd/);
    expect(errorsOf({ sex: 'other' as 'male' }).sex).toMatch(/female or male/);
    expect(errorsOf({ embarked: 'X' as 'S' }).embarked).toMatch(/Cherbourg/);
  });

  it('keeps the envelope around the data actually seen', () => {
    const { age, fare } = PASSENGER_LIMITS;
    expect(age.min).toBeLessThanOrEqual(age.seenMin);
    expect(age.max).toBeGreaterThanOrEqual(age.seenMax);
    expect(fare.min).toBeLessThanOrEqual(fare.seenMin);
    expect(fare.max).toBeGreaterThanOrEqual(fare.seenMax);
  });
});

/**
 * The scikit-learn pipeline (skl2onnx): a passenger's details → survived or not. Each input is a
 * [1, 1] tensor of its own type: int64, string or float.
 */
import type { TensorData } from '../../engine/ort/session';
import { modelSource } from '../model-source';

export const TITANIC = {
  id: 'titanic-pipeline',
  title: 'Titanic survival (scikit-learn)',
  source: modelSource('titanic-pipeline.onnx'),
  outputNames: ['label', 'probabilities'],
  classes: ['died', 'survived'],
};

export interface Passenger {
  pclass: 1 | 2 | 3;
  sex: 'male' | 'female';
  age: number;
  fare: number;
  /** Port: C = Cherbourg, Q = Queenstown, S = Southampton. */
  embarked: 'C' | 'Q' | 'S';
}

/**
 * What the form accepts. The training data had ages 0.42-80 and fares £0-512.33; the envelope is a
 * little wider so real but unseen passengers (a 90-year-old) still get an answer, while typos and
 * impossible values (-5, 200) are refused instead of extrapolated by the logistic regression.
 */
export const PASSENGER_LIMITS = {
  age: { min: 0, max: 100, seenMin: 0.42, seenMax: 80 },
  fare: { min: 0, max: 600, seenMin: 0, seenMax: 512.33 },
} as const;

/** The form's values: an empty number field (or one the browser cannot read) is null. */
export type PassengerInput = Omit<Passenger, 'age' | 'fare'> & { age: number | null; fare: number | null };
export type PassengerField = keyof Passenger;
export type PassengerCheck = { ok: true; passenger: Passenger } | { ok: false; errors: Partial<Record<PassengerField, string>> };

const { age: AGE, fare: FARE } = PASSENGER_LIMITS;

/** Checks each field and says, per field, what is wrong and what would be right. */
export function checkPassenger(input: PassengerInput): PassengerCheck {
  const errors: Partial<Record<PassengerField, string>> = {};
  const { age, fare } = input;
  if (age === null || !Number.isFinite(age)) errors.age = `Enter an age in years, from ${AGE.min} to ${AGE.max}.`;
  else if (age < AGE.min || age > AGE.max)
    errors.age = `Age must be between ${AGE.min} and ${AGE.max} years, not ${age}. The passengers were ${AGE.seenMin} (5 months) to ${AGE.seenMax} years old.`;
  if (fare === null || !Number.isFinite(fare)) errors.fare = `Enter a fare in pounds, from £${FARE.min} to £${FARE.max}.`;
  else if (fare < FARE.min || fare > FARE.max)
    errors.fare = `Fare must be between £${FARE.min} and £${FARE.max}, not ${fare}. Tickets cost £${FARE.seenMin} to £${FARE.seenMax}.`;
  // The selects cannot produce these; the worker's callers (and tests) can.
  if (![1, 2, 3].includes(input.pclass)) errors.pclass = 'Class must be 1st, 2nd or 3rd.';
  if (input.sex !== 'male' && input.sex !== 'female') errors.sex = 'Sex must be female or male, as recorded in the passenger list.';
  if (!['C', 'Q', 'S'].includes(input.embarked)) errors.embarked = 'Port must be Cherbourg (C), Queenstown (Q) or Southampton (S).';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, passenger: { ...input, age: age!, fare: fare! } };
}

export function passengerFeeds(p: Passenger): Record<string, TensorData> {
  return {
    pclass: { dtype: 'int64', dims: [1, 1], data: BigInt64Array.from([BigInt(p.pclass)]) },
    sex: { dtype: 'string', dims: [1, 1], data: [p.sex] },
    age: { dtype: 'float32', dims: [1, 1], data: Float32Array.from([p.age]) },
    fare: { dtype: 'float32', dims: [1, 1], data: Float32Array.from([p.fare]) },
    embarked: { dtype: 'string', dims: [1, 1], data: [p.embarked] },
  };
}

export function survival(outputs: Record<string, TensorData>): { label: string; probability: number } {
  const label = Number((outputs.label.data as BigInt64Array)[0]);
  const probabilities = outputs.probabilities.data as Float32Array;
  return { label: TITANIC.classes[label] ?? String(label), probability: probabilities[1] };
}

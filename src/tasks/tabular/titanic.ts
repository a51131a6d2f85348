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

/** Linear solves in float64 via ml-matrix's LU with partial pivoting. */
import { LuDecomposition, Matrix } from 'ml-matrix';
import type { Mat } from './matrix';

/** X with A X = B (A square and non-singular). Throws when A is singular. */
export function solve(A: Mat, B: Mat): Mat {
  const lu = new LuDecomposition(new Matrix(A));
  if (lu.isSingular()) throw new Error('solve: matrix is singular');
  return lu.solve(new Matrix(B)).to2DArray();
}

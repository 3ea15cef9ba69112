// The part of jstat (CommonJS, no bundled types) that validation and change-point detection use.
declare module 'jstat' {
  interface StudentT {
    /** P(T ≤ x) for Student's t with `dof` degrees of freedom (need not be an integer). */
    cdf(x: number, dof: number): number;
    /** The x with P(T ≤ x) = p. */
    inv(p: number, dof: number): number;
  }
  const jStat: { studentt: StudentT };
  export default jStat;
}

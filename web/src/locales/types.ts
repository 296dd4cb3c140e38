/** The shape every locale must have: the same keys as Simplified Chinese, all strings. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

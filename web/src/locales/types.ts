/**
 * The shape every locale must have: the same keys as Simplified Chinese, all strings. A plural
 * string is `key_other` in every language (Chinese has no other form); a language with a
 * singular (English) adds `key_one` — i18next picks the form from `count`.
 */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> } & {
  [K in keyof T as K extends `${infer B}_other` ? `${B}_one` : never]?: string;
};

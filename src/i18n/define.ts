export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/**
 * A domain's messages in both languages; the French side must have exactly the English keys
 * (checked by the compiler here and by test/unit/i18n at run time).
 */
export function defineMessages<T extends object>(messages: {
  en: T;
  fr: DeepStrings<T>;
}): { en: T; fr: DeepStrings<T> } {
  return messages;
}

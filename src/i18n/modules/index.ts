import { csat } from './csat';

/**
 * Domain catalogues, each under its own top-level key (`slack.*`, `csat.*`...). A domain adds its
 * file here; keeping them apart lets domains grow without editing one shared file.
 */
export const modules: Record<string, { en: object; fr: object }> = {
  csat,
};

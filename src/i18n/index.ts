import i18next, { type i18n as I18n } from 'i18next';
import { en } from './en';
import { fr } from './fr';
import { modules } from './modules';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export type Vars = Record<string, string | number | undefined>;
export type Translate = (key: string, vars?: Vars) => string;

const merged = (locale: 'en' | 'fr') => ({
  ...(locale === 'en' ? en : fr),
  ...Object.fromEntries(Object.entries(modules).map(([name, messages]) => [name, messages[locale]])),
});

/** Everything the bot can say, per language: the core catalogue plus the domain modules. */
export const catalogues = { en: merged('en'), fr: merged('fr') } as const;

const instance: I18n = i18next.createInstance();
// initImmediate false: resources are in memory, so init completes synchronously.
void instance.init({
  resources: { en: { translation: catalogues.en }, fr: { translation: catalogues.fr } },
  fallbackLng: false,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

/** Maps a platform locale (`fr-FR`, `en_US`, `fr`) to one we speak; undefined when unknown. */
export function toLocale(value: string | undefined | null): Locale | undefined {
  const base = value?.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
}

export function t(locale: Locale, key: string, vars: Vars = {}): string {
  return instance.t(key, { lng: locale, ...vars }) as string;
}

export function translator(locale: Locale): Translate {
  return (key, vars) => t(locale, key, vars);
}

export function hasKey(locale: Locale, key: string): boolean {
  return instance.exists(key, { lng: locale });
}

/** A length of business time for a person: `45 min`, `5 h 20`, `2 d 3 h` / `2 j 3 h`. */
export function formatDuration(translate: Translate, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return translate('common.duration.min', { m });
  if (m < 1440)
    return translate('common.duration.hours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
  return translate('common.duration.days', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
}

/** Formats an instant for a person: `lun. 2 mars 14:30` / `Mon, Mar 2, 2:30 PM`, in the desk's time zone. */
export function formatDateTime(locale: Locale, at: Date | undefined | null, timeZone: string): string {
  if (!at) return t(locale, 'common.none');
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at);
}

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { CATEGORY_LABELS_IT, categoryLabelEn, INDICATOR_TITLES_IT, LANGUAGES, MESSAGES, type Language, type MessageKey } from "./messages.js";

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const table = MESSAGES[language];
  return (key, params = {}) => table[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  locale: string;
  indicatorTitle(id: string, apiTitle: string): string;
  categoryLabel(indicatorId: string, category: string): string;
}

const LANGUAGE_KEY = "percorsi.dashboard.language";

export function initialLanguage(): Language {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(LANGUAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(saved ?? "") ? (saved as Language) : "it";
}

export function makeI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  return {
    language,
    setLanguage,
    t: translator(language),
    locale: language === "it" ? "it-IT" : "en-GB",
    indicatorTitle: (id, apiTitle) => (language === "it" ? INDICATOR_TITLES_IT[id] ?? apiTitle : apiTitle),
    categoryLabel: (_indicatorId, category) => (language === "it" ? CATEGORY_LABELS_IT[category] ?? category : categoryLabelEn(category)),
  };
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `Percorsi · ${translator(language)("app.title")}`;
  }, [language]);
  const value = useMemo(
    () =>
      makeI18n(language, (next) => {
        localStorage.setItem(LANGUAGE_KEY, next);
        setLanguageState(next);
      }),
    [language],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

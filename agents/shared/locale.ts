// Language policy (C20): the app decides the locale (user setting, else the question's script);
// every agent prompt carries the same instruction, and app-written text is localised here.
export function detectLocale(question: string): string {
  const cjk = question.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const letters = question.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= letters ? "zh-CN" : "en-US";
}

export function resolveLocale(setting: string, question: string): string {
  return setting && setting !== "auto" ? setting : detectLocale(question);
}

export const isChinese = (locale: string) => locale.toLowerCase().startsWith("zh");

export function languageInstruction(locale: string): string {
  return isChinese(locale)
    ? `Locale: ${locale}. Write everything you produce (text, headings, tables) in Simplified Chinese (简体中文). Search queries may be in any language.`
    : `Locale: ${locale}. Write everything you produce (text, headings, tables) in English.`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

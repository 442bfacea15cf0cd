/**
 * Canned responses may say `{{customer.name}}` or `{{customer.name|there}}` (a fallback when
 * the value is unknown). Only these variables exist; a template naming another is refused
 * when it is written, so an agent never sends a customer a raw placeholder.
 */
export const TEMPLATE_VARIABLES = ['customer.name', 'customer.tier', 'agent.name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*(?:\|([^}]*))?\}\}/g;

/** Pure: the placeholders a template names that do not exist (empty: the template is fine). */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * Pure: the text with every placeholder replaced by its value, else its fallback, else
 * nothing; `missing` lists the variables that had no value (the agent may want to check).
 */
export function renderTemplate(
  text: string,
  values: TemplateValues,
): { text: string; missing: TemplateVariable[] } {
  const missing = new Set<TemplateVariable>();
  const rendered = text.replace(PLACEHOLDER, (_whole, name: string, fallback?: string) => {
    const value = values[name as TemplateVariable];
    if (value !== undefined && value !== null && value.trim() !== '') return value;
    if ((TEMPLATE_VARIABLES as readonly string[]).includes(name))
      missing.add(name as TemplateVariable);
    return fallback?.trim() ?? '';
  });
  return { text: rendered, missing: [...missing] };
}

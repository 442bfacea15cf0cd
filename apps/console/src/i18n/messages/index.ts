import type { Language } from '../define';
import { common } from './common';
import { knowledge } from './knowledge';
import { supervisor } from './supervisor';
import { workspace } from './workspace';

/** Every area's messages; an area adds its file here. */
export const areas = { common, workspace, supervisor, knowledge };

type Area = (typeof areas)[keyof typeof areas];
export type MessageKey = Area extends infer A
  ? A extends { en: infer E }
    ? keyof E & string
    : never
  : never;

export const dictionaries: Record<Language, Record<string, string>> = {
  en: Object.assign({}, ...Object.values(areas).map((area) => area.en)),
  zh: Object.assign({}, ...Object.values(areas).map((area) => area.zh)),
};

import { createContext, useContext } from 'react';

import type { Language } from '../../main/ipc/contract';
import { type Messages, messagesFor } from './i18n';

export interface I18n {
  t: Messages;
  language: Language;
}

export const I18nContext = createContext<I18n>({ t: messagesFor('en'), language: 'en' });

export const useI18n = (): I18n => useContext(I18nContext);

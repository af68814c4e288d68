/**
 * The words of Settings' Display section (theme, hidden accounts, nicknames and order), in English
 * and French, spread into `i18n.ts`'s dictionaries. `fr` is typed against `en`.
 */
import type { Theme } from '../../main/ipc/contract';

const en = {
  displayTitle: 'Display',
  theme: 'Theme',
  themeNames: { system: 'Same as this computer', light: 'Light', dark: 'Dark' } satisfies Record<Theme, string>,
  hideZeroBalances: 'Hide accounts with a zero balance',
  hideDisabled: 'Hide disabled accounts',
  hideHint: 'The active account is always shown.',
  namesTitle: 'Names and order of accounts',
  nicknameFor: (id: string) => `Name for ${id}`,
  nicknameHint: 'A name is saved when you leave its field.',
  moveUp: (id: string) => `Move ${id} up`,
  moveDown: (id: string) => `Move ${id} down`,
};

const fr: typeof en = {
  displayTitle: 'Affichage',
  theme: 'Thème',
  themeNames: { system: 'Comme cet ordinateur', light: 'Clair', dark: 'Sombre' },
  hideZeroBalances: 'Masquer les comptes dont le solde est nul',
  hideDisabled: 'Masquer les comptes désactivés',
  hideHint: 'Le compte actif est toujours affiché.',
  namesTitle: 'Noms et ordre des comptes',
  nicknameFor: (id) => `Nom de ${id}`,
  nicknameHint: 'Un nom est enregistré quand vous quittez son champ.',
  moveUp: (id) => `Monter ${id}`,
  moveDown: (id) => `Descendre ${id}`,
};

export const preferenceTexts = { en, fr };

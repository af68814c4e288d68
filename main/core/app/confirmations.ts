/**
 * What only the user may allow, asked in main: the renderer can request it, but a renderer taken
 * over by a script (an XSS, a poisoned dependency) must not be able to say yes for the user. Two
 * things would otherwise need nothing but a command:
 *
 * - pointing a server address at a host that is neither Deriv's nor this computer: main then sends
 *   the credentials there itself (the renderer's `connect-src 'none'` does not apply to main), so a
 *   `saveSettings` followed by a sign-in would make main the attacker's fetch proxy;
 * - keeping tokens on disk without real encryption (Linux `basic_text`): readable by any process
 *   of the same user.
 *
 * Main asks through the `Confirm` port (a native dialog on the main window, `main/electron/`), in
 * the app's language; anything but a yes leaves everything as it was and the command fails with
 * `not_confirmed`, worded by the renderer.
 */
import { type ConfirmQuestion, isDerivUrl, isLoopbackUrl, type Language, type SettingsRecord } from '../model';
import { CommandFailure } from './command-failure';

/** What a confirmation dialog shows: words already in the app's language. */
export interface ConfirmWords {
  title: string;
  message: string;
  detail: string;
  /** The safe answer: the default, and what Escape or closing the dialog means. */
  no: string;
  yes: string;
}

/** The user's answer to one question, asked in main; true only for an explicit yes. */
export type Confirm = (words: ConfirmWords) => Promise<boolean>;

/**
 * The settings that are server addresses: where main sends credentials (socket, REST base, token
 * endpoint) or opens login pages. The redirect URLs are not among them: the login window
 * intercepts a redirect before any request leaves (`auth/url-policy.ts`), and they are the app's
 * own registration, rarely on Deriv's domains.
 */
const ADDRESS_KEYS = [
  'wsUrl',
  'oauthUrl',
  'issuer',
  'authServerUrl',
  'restUrl',
] as const satisfies readonly (keyof SettingsRecord)[];

/** An address main may use without asking: Deriv's own (`isDerivUrl`) or this computer. */
export const needsNoQuestion = (url: string): boolean => isDerivUrl(url) || isLoopbackUrl(url);

/** The hosts `after` newly points at that are neither Deriv's nor this computer (each once). */
export function newForeignHosts(before: SettingsRecord, after: SettingsRecord): string[] {
  const hosts = ADDRESS_KEYS.filter((k) => after[k] !== before[k] && !needsNoQuestion(after[k])).map((k) =>
    hostOf(after[k]),
  );
  return [...new Set(hosts)];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100);
  }
}

const WORDS: Record<Language, Record<ConfirmQuestion, (hosts: string[]) => ConfirmWords>> = {
  en: {
    foreign_address: (hosts) => ({
      title: 'Use a server outside Deriv?',
      message: `Send your Deriv logins to ${hosts.join(', ')}?`,
      detail:
        'This address is not one of Deriv’s and not this computer. The app would send your tokens and sign-ins there. Say yes only if you set up this server yourself.',
      no: 'Keep the current addresses',
      yes: 'Use this server',
    }),
    plaintext_storage: () => ({
      title: 'Keep tokens without encryption?',
      message: 'Save your Deriv tokens on disk without encryption?',
      detail:
        'This computer has no keyring the app can use, so the tokens would be readable by any program running as you. Without this, they stay in memory and you log in again at each start.',
      no: 'Keep them in memory only',
      yes: 'Save without encryption',
    }),
  },
  fr: {
    foreign_address: (hosts) => ({
      title: 'Utiliser un serveur hors de Deriv ?',
      message: `Envoyer vos connexions Deriv à ${hosts.join(', ')} ?`,
      detail:
        'Cette adresse n’est ni celle de Deriv ni celle de cet ordinateur. L’application y enverrait vos jetons et vos connexions. Ne dites oui que si vous avez installé ce serveur vous-même.',
      no: 'Garder les adresses actuelles',
      yes: 'Utiliser ce serveur',
    }),
    plaintext_storage: () => ({
      title: 'Garder les jetons sans chiffrement ?',
      message: 'Enregistrer vos jetons Deriv sur le disque sans chiffrement ?',
      detail:
        'Cet ordinateur n’a pas de trousseau utilisable par l’application : les jetons seraient lisibles par tout programme lancé sous votre compte. Sinon, ils restent en mémoire et vous vous reconnectez à chaque démarrage.',
      no: 'Les garder en mémoire seulement',
      yes: 'Enregistrer sans chiffrement',
    }),
  },
};

/** The words of a question in a language (the app's: the one its settings say). */
export function confirmWords(question: ConfirmQuestion, language: Language, hosts: string[] = []): ConfirmWords {
  return WORDS[language][question](hosts);
}

/**
 * Asks the user, one question at a time: a question asked while another dialog is open is
 * refused at once (a script cannot stack dialogs until one is clicked through). Throws
 * `not_confirmed` unless the answer is yes; a failing dialog counts as no.
 */
export class Confirmations {
  private open = false;

  constructor(private readonly confirm: Confirm) {}

  async ensure(question: ConfirmQuestion, language: Language, hosts: string[] = []): Promise<void> {
    const refused = () => new CommandFailure('not_confirmed', { question }, `the user did not confirm ${question}`);
    if (this.open) throw refused();
    this.open = true;
    let yes = false;
    try {
      yes = (await this.confirm(confirmWords(question, language, hosts))) === true;
    } catch {
      yes = false;
    } finally {
      this.open = false;
    }
    if (!yes) throw refused();
  }
}

import { z } from 'zod';

// What main tells the status and admin screens about the terminal itself (not the sync, not the devices).

/**
 * How the terminal token is protected at rest. `basic-text` is Linux without a secret service (no GNOME
 * keyring or KWallet): Electron then "encrypts" with a fixed key, so a copied user-data folder gives the token
 * away. `unknown` is Linux before the backend could be determined.
 */
export const KEYSTORE_STATES = ['secure', 'basic-text', 'unavailable', 'unknown'] as const;
export type KeystoreState = (typeof KEYSTORE_STATES)[number];

export const KeystoreStatusSchema = z.strictObject({
  state: z.enum(KEYSTORE_STATES),
  /** Electron's name for the Linux backend (`gnome_libsecret`, `kwallet5`, `basic_text`, …); absent elsewhere. */
  backend: z.string().max(32).optional(),
});
export type KeystoreStatus = z.infer<typeof KeystoreStatusSchema>;

/** The newest lines of main's log file, for the admin screen (Electron only). */
export const LogTailSchema = z.strictObject({ lines: z.array(z.string().max(8_000)).max(500) });

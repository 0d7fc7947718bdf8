/**
 * Issue 10 item 6: how long a kiosk login may sit idle before main ends it. The kiosk's page
 * clears itself after the same time; the server no longer trusts it to. (A staff session is
 * idle-locked by main after the settings' minutes and needs the person's password again.)
 */
export const KIOSK_IDLE_END_MS = 90_000;

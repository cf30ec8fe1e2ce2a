// Shapes the marketing API answers with, read by the server and the PWA alike.

/** What a MailChimp send did; also the body of the sender's notification. */
export interface SendOutcome {
  groupId: string;
  groupName: string;
  /** Members the sender may view. */
  members: number;
  sent: number;
  created: number;
  updated: number;
  /** Counted and skipped. */
  missing: number;
  invalid: number;
  /** Members sharing an address: any at all and the group is refused before anything is sent. */
  duplicate: number;
  rejected: boolean;
  /** Addresses MailChimp itself refused. */
  failed: number;
}

/** The MailChimp configuration as the Administration page sees it: never the key itself. */
export interface MailChimpView {
  enabled: boolean;
  keySet: boolean;
  /** The key's last four characters and data centre, e.g. "…a1b2-us6". */
  keyHint: string;
  dataCentre: string;
  audienceId: string;
  audienceName: string;
}

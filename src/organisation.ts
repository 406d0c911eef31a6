/** Mail providers anyone can use: their domain says nothing about where a person works. */
const PUBLIC_PROVIDERS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'live.co.uk', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aol.co.uk', 'btinternet.com',
  'sky.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net', 'protonmail.com', 'proton.me', 'pm.me', 'gmx.com',
  'gmx.co.uk', 'mail.com', 'zoho.com', 'fastmail.com', 'tutanota.com', 'hey.com', 'blueyonder.co.uk', 'tiscali.co.uk',
]);

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

export function isPublicProvider(domain: string): boolean {
  return PUBLIC_PROVIDERS.has(domain.toLowerCase());
}

/** The organisation an address implies: its domain, unless anyone can have an address there. */
export function organisationFromEmail(email: string): string | null {
  const domain = emailDomain(email);
  return domain && !isPublicProvider(domain) ? domain : null;
}

/** Whether a domain is one of the allowed ones or below one ("leeds.gov.uk" is under "gov.uk"). */
export function domainAllowed(email: string, allowed: string[]): boolean {
  const domain = emailDomain(email);
  return allowed.some((a) => domain === a || domain.endsWith(`.${a}`));
}

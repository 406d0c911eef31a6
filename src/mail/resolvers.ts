import { resolveIntroduction, type Resolvers, type StoredReferences } from './stored-data.js';

/**
 * The resolvers of the mail this service sends: the one registry the sender is given. The digest's is
 * loaded when a digest is first sent: its picture's renderer is a native module nothing else uses.
 */
export const standardResolvers: Resolvers = {
  introduction: resolveIntroduction,
  digest: async (db, stored, ctx) => (await import('../reports/digest.js')).resolveDigest(db, stored as StoredReferences['digest'] | null, ctx),
};

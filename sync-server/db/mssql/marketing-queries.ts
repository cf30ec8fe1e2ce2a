// SQL Server statements of the marketing features (e-mail claims, profile features, server settings), kept as
// builders so test/unit/mssql-marketing-tsql.test.ts can compile them to T-SQL without a server.
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './queries.ts';
import { emailClaims, profileFeatures, serverSettings } from './schema.ts';

const claimFields = { address: emailClaims.address, entity: emailClaims.entity, recordId: emailClaims.recordId };

export function claimsOfRecordQuery(db: Db, entity: string, recordId: string) {
  return db.select({ address: emailClaims.address }).from(emailClaims).where(and(eq(emailClaims.entity, entity), eq(emailClaims.recordId, recordId)));
}

export function dropClaimsQuery(db: Db, entity: string, recordId: string, addresses: readonly string[]) {
  return db.delete(emailClaims).where(and(eq(emailClaims.entity, entity), eq(emailClaims.recordId, recordId), inArray(emailClaims.address, [...addresses])));
}

/** Addresses of the list someone already holds (read committed: the unique index, not this read, is the guard). */
export function takenQuery(db: Db, addresses: readonly string[]) {
  return db.select({ address: emailClaims.address }).from(emailClaims).where(inArray(emailClaims.address, [...addresses]));
}

export function insertClaimsQuery(db: Db, rows: readonly (typeof emailClaims.$inferInsert)[]) {
  return db.insert(emailClaims).values([...rows]);
}

export function claimsByAddressQuery(db: Db, addresses: readonly string[]) {
  return db.select(claimFields).from(emailClaims).where(inArray(emailClaims.address, [...addresses])).orderBy(asc(emailClaims.address), asc(emailClaims.entity), asc(emailClaims.recordId));
}

export function unenforceAllQuery(db: Db) {
  return db.update(emailClaims).set({ enforced: false });
}

/** One enforced claim per address: the first by entity and record id (the same choice as SQLite's). */
export const enforceFirstSql = sql`update [email_claims] set [enforced] = 1 where not exists (select 1 from [email_claims] [o] where [o].[address] = [email_claims].[address] and ([o].[entity] < [email_claims].[entity] or ([o].[entity] = [email_claims].[entity] and [o].[record_id] < [email_claims].[record_id])))`;

export function enforceFirstQuery(db: Db) {
  return db.execute(enforceFirstSql);
}

const duplicated = (db: Db) => db.select({ address: emailClaims.address }).from(emailClaims).groupBy(emailClaims.address).having(sql`count(*) > 1`);

export function duplicateTotalQuery(db: Db) {
  return db.select({ n: count() }).from(duplicated(db).as('d'));
}

export function duplicatePageQuery(db: Db, offset: number, limit: number) {
  return duplicated(db).orderBy(asc(emailClaims.address)).offset(offset).fetch(limit);
}

/** Records lacking claims (written before claims existed): the start-up backfill reads their ids. */
export function unclaimedIdsSql(table: string, entity: string) {
  return sql`select [id] from ${sql.identifier(table)} where [deleted] = 0 and [emails] <> '[]' and [id] not in (select [record_id] from [email_claims] where [entity] = ${entity})`;
}

export function featuresQuery(db: Db, profileId: string) {
  return db.select({ feature: profileFeatures.feature }).from(profileFeatures).where(eq(profileFeatures.profileId, profileId)).orderBy(asc(profileFeatures.feature));
}

/** The setting's row WITH (UPDLOCK, HOLDLOCK): an upsert's read, so two writers of one key never both insert. */
export function lockServerSettingQuery(db: Db, key: string) {
  return db
    .select({ key: sql<string>`${serverSettings.key}`.mapWith(serverSettings.key) })
    .from(sql`${serverSettings} with (updlock, holdlock)`)
    .where(eq(serverSettings.key, key));
}

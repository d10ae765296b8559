import DataLoop
import Logging

/// Brings a schema to the newest version. Replicas starting together and `basebook-api
/// migrate` may all run it at once: a session advisory lock lets one apply the migrations
/// while the others wait, then find nothing left to do.
struct PostgresMigrator: Sendable {
    let pool: PostgresPool
    let schema: PostgresSchema
    let logger: Logger

    /// Returns the versions it applied (empty when the schema was current). `through` stops at
    /// an older version, for testing a migration from the schema before it.
    @discardableResult
    func migrate(through newest: Int = .max) async throws -> [Int] {
        try await pool.withConnection { session in
            _ = try await session.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [.text(schema.migrationLockName)])
            do {
                let applied = try await applyMissing(session, through: newest)
                _ = try await session.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(schema.migrationLockName)])
                return applied
            } catch {
                // Losing the connection releases the lock; on a live one, release it here.
                _ = try? await session.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(schema.migrationLockName)])
                throw error
            }
        }
    }

    private func applyMissing(_ session: PostgresSession, through newest: Int) async throws -> [Int] {
        _ = try await session.query("CREATE SCHEMA IF NOT EXISTS \(schema.name)")
        _ = try await session.query("""
            CREATE TABLE IF NOT EXISTS \(schema.table("schema_migrations")) (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let done = Set(try await session.query("SELECT version FROM \(schema.table("schema_migrations"))").rows.map { try $0.decode(0, as: Int.self) })
        var applied: [Int] = []
        for migration in schema.migrations where !done.contains(migration.version) && migration.version <= newest {
            // Each version commits with its record, so a failure leaves the schema at the
            // previous version, never between two.
            _ = try await session.query("BEGIN")
            do {
                for statement in migration.statements { _ = try await session.query(statement) }
                _ = try await session.query("INSERT INTO \(schema.table("schema_migrations")) (version, name) VALUES ($1, $2)",
                                            [.int(migration.version), .text(migration.name)])
                _ = try await session.query("COMMIT")
            } catch {
                _ = try? await session.query("ROLLBACK")
                throw error
            }
            logger.info("database migration applied", metadata: ["schema": "\(schema.name)", "version": "\(migration.version)", "name": "\(migration.name)"])
            applied.append(migration.version)
        }
        return applied
    }
}

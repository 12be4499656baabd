-- CreateTable
CREATE TABLE "user_databases" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'postgres',
    "name" TEXT NOT NULL,
    "host" TEXT,
    "port" INTEGER,
    "database_name" TEXT,
    "username" TEXT,
    "encrypted_password" TEXT,
    "key_version" INTEGER,
    "tls_mode" TEXT,
    "ca_certificate" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_test_ok" BOOLEAN,
    "last_test_code" TEXT,
    "last_test_message" TEXT,
    "last_test_at" TIMESTAMP(3),
    "server_version" TEXT,
    "relation_count" INTEGER NOT NULL DEFAULT 0,
    "schema_snapshot" JSONB,
    "schema_refreshed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_databases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_databases_user_id_created_at_idx" ON "user_databases"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "user_databases_user_id_name_key" ON "user_databases"("user_id", "name");

-- AddForeignKey
ALTER TABLE "user_databases" ADD CONSTRAINT "user_databases_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "user_mcp_connections" ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "last_ok_at" TIMESTAMP(3);


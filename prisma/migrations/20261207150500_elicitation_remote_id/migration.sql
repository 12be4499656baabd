-- AlterTable
ALTER TABLE "elicitations" ADD COLUMN     "remote_id" TEXT;

-- CreateIndex
CREATE INDEX "elicitations_user_id_connector_id_remote_id_idx" ON "elicitations"("user_id", "connector_id", "remote_id");


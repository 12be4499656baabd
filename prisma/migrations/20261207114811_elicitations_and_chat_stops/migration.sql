-- CreateTable
CREATE TABLE "elicitations" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT,
    "connector_id" TEXT,
    "connector_name" TEXT NOT NULL,
    "tool_call_id" TEXT,
    "mode" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "fields" JSONB NOT NULL DEFAULT '[]',
    "url" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "answer" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "elicitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_stops" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_stops_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "elicitations_user_id_conversation_id_status_idx" ON "elicitations"("user_id", "conversation_id", "status");

-- CreateIndex
CREATE INDEX "elicitations_expires_at_idx" ON "elicitations"("expires_at");

-- CreateIndex
CREATE INDEX "chat_stops_user_id_conversation_id_created_at_idx" ON "chat_stops"("user_id", "conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "elicitations" ADD CONSTRAINT "elicitations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_stops" ADD CONSTRAINT "chat_stops_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


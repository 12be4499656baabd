-- CreateTable
CREATE TABLE "tool_call_progress" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "tool_call_id" TEXT NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION,
    "message" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tool_call_progress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tool_call_progress_updated_at_idx" ON "tool_call_progress"("updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "tool_call_progress_user_id_conversation_id_tool_call_id_key" ON "tool_call_progress"("user_id", "conversation_id", "tool_call_id");

-- AddForeignKey
ALTER TABLE "tool_call_progress" ADD CONSTRAINT "tool_call_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


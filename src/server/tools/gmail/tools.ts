// Gmail's agent tools: search, read and send (sending asks the user first).
import { gmailApi, header, plainText, type GmailMessage } from "@/server/tools/gmail/api";
import { defineTool, type SystemAgentTool } from "@/server/tools/types";
import { z } from "zod";

const noHeaderBreaks = (v: string) => !/[\r\n]/.test(v);

export const gmailTools: SystemAgentTool[] = [
  defineTool({
    name: "gmail_search_messages",
    title: "Search Gmail",
    description:
      "Search the user's Gmail with Gmail search syntax (e.g. 'from:alice newer_than:7d'). Returns id, from, subject, date and snippet of each match.",
    input: z.object({
      query: z.string().max(500).describe("Gmail search query"),
      maxResults: z.number().int().min(1).max(25).default(10),
    }),
    async run(ctx, args) {
      const list = await gmailApi<{ messages?: { id: string }[] }>(
        ctx.userId,
        `/messages?${new URLSearchParams({ q: args.query, maxResults: String(args.maxResults) }).toString()}`,
      );
      const messages = await Promise.all(
        (list.messages ?? []).map(async ({ id }) => {
          const m = await gmailApi<GmailMessage>(ctx.userId, `/messages/${encodeURIComponent(id)}?format=metadata`);
          return {
            id: m.id,
            from: header(m, "From"),
            subject: header(m, "Subject"),
            date: header(m, "Date"),
            snippet: m.snippet ?? "",
          };
        }),
      );
      const text =
        messages.length === 0
          ? "No messages match."
          : messages.map((m) => `${m.id} | ${m.date} | ${m.from} | ${m.subject}\n  ${m.snippet}`).join("\n");
      return { text, structured: { messages } };
    },
  }),
  defineTool({
    name: "gmail_read_message",
    title: "Read an email",
    description: "Read one Gmail message by id: headers and plain-text body.",
    input: z.object({ id: z.string().min(1).max(200).describe("Message id from gmail_search_messages") }),
    async run(ctx, { id }) {
      const m = await gmailApi<GmailMessage>(ctx.userId, `/messages/${encodeURIComponent(id)}?format=full`);
      const message = {
        id: m.id,
        from: header(m, "From"),
        to: header(m, "To"),
        subject: header(m, "Subject"),
        date: header(m, "Date"),
        body: plainText(m.payload),
      };
      return {
        text: `From: ${message.from}\nTo: ${message.to}\nDate: ${message.date}\nSubject: ${message.subject}\n\n${message.body}`,
        structured: message,
      };
    },
  }),
  defineTool({
    name: "gmail_send_message",
    title: "Send an email",
    description: "Send an email from the user's Gmail. The user is asked to confirm before it is sent.",
    requiresConfirmation: true,
    input: z.object({
      to: z.email().refine(noHeaderBreaks, "No line breaks in the address").describe("Recipient address"),
      subject: z.string().max(500).refine(noHeaderBreaks, "No line breaks in the subject"),
      body: z.string().max(100_000),
    }),
    async run(ctx, args) {
      const mime = [
        `To: ${args.to}`,
        `Subject: ${args.subject}`,
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="UTF-8"',
        "",
        args.body,
      ].join("\r\n");
      const sent = await gmailApi<{ id: string }>(ctx.userId, "/messages/send", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ raw: Buffer.from(mime, "utf8").toString("base64url") }),
      });
      return {
        text: `Sent to ${args.to} (message ${sent.id}).`,
        structured: { id: sent.id, to: args.to, subject: args.subject },
      };
    },
  }),
];

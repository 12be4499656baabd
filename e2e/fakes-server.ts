// Started by Playwright before the app: a fake OpenAI-compatible model and a fake Google
// (OAuth server and Gmail API), on fixed loopback ports the app is configured with.
import { startFakeGoogle } from "../tests/support/fake-google";
import { startFakeModel } from "../tests/support/fake-openai";

const model = await startFakeModel({ port: Number(process.env.FAKE_MODEL_PORT ?? 3198) });
const google = await startFakeGoogle({ port: Number(process.env.FAKE_GOOGLE_PORT ?? 3197) });
process.stdout.write(`fake model at ${model.url}, fake Google at ${google.url}\n`);

const stop = () => void Promise.all([model.close(), google.close()]).then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

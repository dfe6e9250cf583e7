// npm run test:browser: every journey file against one server and one Chromium (the
// harness in support.mjs starts them once). Journeys run in order, one at a time.
import './support.mjs';
import './journeys.mjs';
import './chat-and-crown.journeys.mjs';
import './account.journeys.mjs';
import './phone.journeys.mjs';
import './live-post.journeys.mjs';
import './password-reset.journeys.mjs';
import './network.journeys.mjs';
import './email-verification.journeys.mjs';
import './mail-suppressions.journeys.mjs';
import './mentions.journeys.mjs';
import './email-preferences.journeys.mjs';
import './conversations.journeys.mjs';
import './uploads.journeys.mjs';
import './golden-crown-term.journeys.mjs';
import './dashboard.journeys.mjs';
import './private-files.journeys.mjs';
import './titles.journeys.mjs';

// The mychart portal's in-session requests: injected by the background only when the person asks for a save.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { exposeChannels } from '../content/channel-entry';
import channels from '../scrapers/mychart/channels';
import portal from '../scrapers/mychart';

export default defineContentScript({
  registration: 'runtime',
  matches: [...portal.matches],
  main: () => exposeChannels(channels),
});

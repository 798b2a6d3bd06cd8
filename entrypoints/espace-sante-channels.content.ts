// The espace-sante portal's in-session requests: injected by the background only when the person asks for a save.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { exposeChannels } from '../content/channel-entry';
import channels from '../scrapers/espace-sante/channels';
import portal from '../scrapers/espace-sante';

export default defineContentScript({
  registration: 'runtime',
  matches: [...portal.matches],
  main: () => exposeChannels(channels),
});

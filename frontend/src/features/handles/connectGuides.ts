// The guided connection (issue 14): which networks are easy, and for the
// hard ones a step per screen with the exact clicks. The permission names
// and what each is for come from the back end's spec (the same list its
// Verify checks), so the guide and "Test connection" agree.

export interface GuideLink {
  label: string
  url: string
}

export interface GuideStep {
  title: string
  clicks: string[]
  link?: GuideLink
  /** Spec field keys asked on this step. */
  fields?: string[]
  /** Show the spec's permissions with what each is for. */
  permissions?: boolean
  /** 'test': the step is checked with Test connection; 'client-id': the X Client ID's shape. */
  check?: 'test' | 'client-id'
  /** The step ends in a browser sign-in instead of a pasted token. */
  signIn?: 'x'
  /** Offer Sign in with Facebook as the other way through this step. */
  facebookSignIn?: boolean
}

/** Easiest first: these need no developer account. */
export const EASY_NETWORKS = ['email', 'telegram', 'mastodon', 'bluesky']
/** These need the network's developer programme; each gets a wizard. */
export const HARD_NETWORKS = ['facebook', 'instagram', 'x', 'linkedin']

export const EFFORT: Record<string, string> = {
  email: 'About 3 minutes — your address and an app password',
  telegram: 'About 2 minutes — a bot from @BotFather',
  mastodon: 'About 1 minute — sign in in your browser',
  bluesky: 'About 2 minutes — an app password',
  facebook: '15–30 minutes — needs a free Meta developer app',
  instagram: '20–30 minutes — a professional account linked to a Facebook Page',
  x: 'About 20 minutes — needs a paid X API plan',
  linkedin: 'LinkedIn must approve your app first (can take days)',
}

/** The few clicks of the easy networks, shown above their fields. */
export const SIMPLE_STEPS: Record<string, string[]> = {
  telegram: [
    'Open Telegram and search for @BotFather (it has a blue tick).',
    'Send /newbot, then a name, then a user name that ends in “bot”.',
    'BotFather answers with a token like 123456:ABC-DEF… — copy it into the field below.',
    'Telegram Business: in Telegram open Settings → Telegram Business → Chatbots and add the bot, so it sees your customers’ chats.',
  ],
  mastodon: [
    'Type your instance’s address, for example https://mastodon.social.',
    'Click “Sign in with Mastodon”: your browser asks you to allow Care Inbox, and the handle is connected.',
  ],
  bluesky: [
    'In Bluesky open Settings → Privacy and security → App passwords → Add App Password.',
    'Name it “Care Inbox” and tick “Allow access to your direct messages”, then click Next.',
    'Copy the password (xxxx-xxxx-xxxx-xxxx) into the field below, with your handle.',
  ],
}

const metaApp: GuideStep = {
  title: 'Create your Meta app',
  clicks: [
    'Open developers.facebook.com and log in with the Facebook account that manages your Page.',
    'Click My Apps → Create app.',
    'Choose the use case “Other”, click Next, choose the app type “Business”, click Next.',
    'Name it, for example “Care Inbox – Your Shop”, and click Create app. You can leave the app in development mode.',
  ],
  link: { label: 'Open Meta for Developers', url: 'https://developers.facebook.com/apps/' },
}

const pageToken = (what: string): GuideStep => ({
  title: 'Get a Page access token',
  clicks: [
    'Open the Graph API Explorer.',
    'On the right, under “Meta App”, pick the app you just created.',
    'Under “Permissions”, add each permission listed below (type its name into “Add a permission”).',
    'Click “Generate Access Token”, allow the pop-up and tick your Page.',
    `Under “User or Page”, pick your Page: the token shown is now the Page’s own token. Copy it ${what}.`,
  ],
  link: { label: 'Open the Graph API Explorer', url: 'https://developers.facebook.com/tools/explorer/' },
  fields: ['page_token'],
  permissions: true,
  facebookSignIn: true,
})

const pageId: GuideStep = {
  title: 'Find your Page ID and check',
  clicks: [
    'On facebook.com open your Page, then About → Page transparency: the number next to “Page ID”.',
    'Or in Meta Business Suite: Settings → Business assets → Pages.',
    'Paste it below and click “Check this step”: Care Inbox asks Facebook whether the token reaches the page and has every permission.',
  ],
  fields: ['page_id'],
  check: 'test',
}

export const GUIDES: Record<string, GuideStep[]> = {
  facebook: [metaApp, pageToken('into the field below'), pageId],
  instagram: [
    {
      title: 'Prepare your Instagram account',
      clicks: [
        'In the Instagram app open your profile → ☰ → Settings → Account type and tools → Switch to professional account (Business or Creator).',
        'Link it to your Facebook Page: Edit profile → Page → Connect or create.',
        'Settings → Messages and story replies → Message controls → Connected tools: turn on “Allow access to messages”.',
      ],
    },
    metaApp,
    pageToken('into the field below'),
    { ...pageId, title: 'Find the linked Page’s ID and check' },
  ],
  x: [
    {
      title: 'Get X API access',
      clicks: [
        'Open the X Developer Portal and sign in with the X account customers write to.',
        'Choose a plan that includes reading mentions and direct messages (Basic or higher — the Free plan cannot read them). X bills each read.',
        'Under Projects & Apps create a Project, then an App inside it.',
      ],
      link: { label: 'Open the X Developer Portal', url: 'https://developer.x.com/en/portal/dashboard' },
    },
    {
      title: 'Set up sign-in for your app',
      clicks: [
        'In your app open Settings → User authentication settings → Set up.',
        'App permissions: choose “Read and write and Direct message”.',
        'Type of App: choose “Native App”.',
        'Callback URI: type http://127.0.0.1:8976/callback (if you use another port, type it below too).',
        'Website URL: your shop’s site. Click Save.',
      ],
      fields: ['callback_port'],
    },
    {
      title: 'Copy the Client ID',
      clicks: [
        'In your app open Keys and tokens.',
        'Under “OAuth 2.0 Client ID and Client Secret”, copy the Client ID (not the secret — Care Inbox does not need it).',
      ],
      fields: ['client_id'],
      check: 'client-id',
    },
    {
      title: 'Sign in with X',
      clicks: [
        'Click “Sign in with X”: your browser opens X, which lists what Care Inbox may do (explained below).',
        'Click “Authorize app”. The browser says you can close it, and the handle appears in the sidebar.',
      ],
      fields: ['poll_minutes'],
      permissions: true,
      signIn: 'x',
    },
  ],
  linkedin: [
    {
      title: 'Create a LinkedIn app',
      clicks: [
        'Open LinkedIn Developers → My apps → Create app.',
        'Enter a name, pick your company Page under “LinkedIn Page”, add a logo and click Create app.',
        'On the Settings tab click “Verify” and send the link to a Page administrator; they open it and click Verify.',
      ],
      link: { label: 'Open LinkedIn Developers', url: 'https://www.linkedin.com/developers/apps' },
    },
    {
      title: 'Request the Community Management API',
      clicks: [
        'On the Products tab find “Community Management API” and click Request access.',
        'Fill in LinkedIn’s form. LinkedIn reviews it — this can take days. Continue when the product shows “Added”.',
        'LinkedIn pages have no private messages API: Care Inbox answers comments on your posts, in public.',
      ],
    },
    {
      title: 'Create an access token',
      clicks: [
        'On the Auth tab, under “OAuth 2.0 tools”, click Create token.',
        'Tick the permissions listed below and click “Request access token”.',
        'Sign in as a Page administrator and click Allow, then copy the token into the field below. It lasts 60 days.',
      ],
      link: { label: 'Open the token tool', url: 'https://www.linkedin.com/developers/tools/oauth' },
      fields: ['access_token'],
      permissions: true,
    },
    {
      title: 'Find the organization ID and check',
      clicks: [
        'Open your Page as an administrator: the address reads linkedin.com/company/<number>/admin.',
        'Paste the number below and click “Check this step”: Care Inbox asks LinkedIn whether the token reaches the page with every permission.',
      ],
      fields: ['organization_id'],
      check: 'test',
    },
  ],
}

/** Why the step's own check fails before asking the network, or null. */
export function stepProblem(
  step: GuideStep,
  values: Record<string, string>,
  optional: (key: string) => boolean,
  label: (key: string) => string = (k) => k,
): string | null {
  for (const key of step.fields ?? []) {
    if (!optional(key) && !(values[key] ?? '').trim()) return `Fill in “${label(key)}” first.`
  }
  if (step.check === 'client-id') {
    const id = (values.client_id ?? '').trim()
    if (!/^[A-Za-z0-9_-]{16,}$/.test(id)) {
      return 'That does not look like a Client ID: it is one word of letters and digits, about 34 long (the Client Secret is longer and is not needed).'
    }
  }
  if (step.fields?.includes('callback_port')) {
    const port = (values.callback_port ?? '').trim()
    if (port && !/^\d{2,5}$/.test(port)) return 'The port is a number, for example 8976.'
  }
  return null
}

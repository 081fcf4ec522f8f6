export namespace app {
	
	export enum ConversationKind {
	    Email = "email",
	    Private = "private",
	    Public = "public",
	}
	export enum DeadlineClock {
	    Resolution = "resolution",
	    Response = "response",
	}
	export enum DeadlineKind {
	    First = "first",
	    Next = "next",
	    Resolution = "resolution",
	}
	export enum DeadlineState {
	    AtRisk = "at_risk",
	    Breached = "breached",
	    Imminent = "imminent",
	    Late = "late",
	    OnTrack = "on_track",
	    Paused = "paused",
	}
	export enum Delivery {
	    Failed = "failed",
	    Queued = "queued",
	    Received = "received",
	    Sending = "sending",
	    Sent = "sent",
	}
	export enum Direction {
	    In = "in",
	    Out = "out",
	}
	export enum Mood {
	    Negative = "negative",
	    Neutral = "neutral",
	    Positive = "positive",
	    Unknown = "unknown",
	}
	export enum Network {
	    Bluesky = "bluesky",
	    Email = "email",
	    Facebook = "facebook",
	    Instagram = "instagram",
	    LinkedIn = "linkedin",
	    Mastodon = "mastodon",
	    Telegram = "telegram",
	    X = "x",
	}
	export enum Status {
	    Open = "open",
	    Pending = "pending",
	    Resolved = "resolved",
	    Snoozed = "snoozed",
	}
	export enum SyncState {
	    AuthNeeded = "auth_needed",
	    Error = "error",
	    Idle = "idle",
	    OK = "ok",
	    RateLimited = "rate_limited",
	    Syncing = "syncing",
	}
	export class LicenceDTO {
	    name: string;
	    licence: string;
	
	    static createFrom(source: any = {}) {
	        return new LicenceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.licence = source["licence"];
	    }
	}
	export class AboutDTO {
	    version: string;
	    licences: LicenceDTO[];
	
	    static createFrom(source: any = {}) {
	        return new AboutDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.licences = this.convertValues(source["licences"], LicenceDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackfillDTO {
	    handleId: number;
	    available: boolean;
	    note: string;
	    state: string;
	    conversations: number;
	    messages: number;
	    total: number;
	    progress: number;
	    oldestAt: number;
	    until: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new BackfillDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.available = source["available"];
	        this.note = source["note"];
	        this.state = source["state"];
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	        this.total = source["total"];
	        this.progress = source["progress"];
	        this.oldestAt = source["oldestAt"];
	        this.until = source["until"];
	        this.error = source["error"];
	    }
	}
	export class BackupDTO {
	    path: string;
	    bytes: number;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new BackupDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.bytes = source["bytes"];
	        this.at = source["at"];
	    }
	}
	export class BackupSettingsDTO {
	    daily: boolean;
	    keep: number;
	    lastAt: number;
	    folder: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.daily = source["daily"];
	        this.keep = source["keep"];
	        this.lastAt = source["lastAt"];
	        this.folder = source["folder"];
	    }
	}
	export class CSATChannelDTO {
	    network: string;
	    canDM: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new CSATChannelDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.network = source["network"];
	        this.canDM = source["canDM"];
	        this.note = source["note"];
	    }
	}
	export class CSATFigureDTO {
	    asked: number;
	    answered: number;
	    rated: number;
	    positive: number;
	    score: number;
	    responseRate: number;
	
	    static createFrom(source: any = {}) {
	        return new CSATFigureDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.asked = source["asked"];
	        this.answered = source["answered"];
	        this.rated = source["rated"];
	        this.positive = source["positive"];
	        this.score = source["score"];
	        this.responseRate = source["responseRate"];
	    }
	}
	export class CSATSettingsDTO {
	    enabled: boolean;
	    question: string;
	    scale: string;
	    trigger: string;
	    delayMinutes: number;
	    networks: string[];
	    kinds: string[];
	    publicMode: string;
	    quietDays: number;
	
	    static createFrom(source: any = {}) {
	        return new CSATSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.question = source["question"];
	        this.scale = source["scale"];
	        this.trigger = source["trigger"];
	        this.delayMinutes = source["delayMinutes"];
	        this.networks = source["networks"];
	        this.kinds = source["kinds"];
	        this.publicMode = source["publicMode"];
	        this.quietDays = source["quietDays"];
	    }
	}
	export class OverrideDTO {
	    date: string;
	    ranges: RangeDTO[];
	
	    static createFrom(source: any = {}) {
	        return new OverrideDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.ranges = this.convertValues(source["ranges"], RangeDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HolidayDTO {
	    date: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new HolidayDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.name = source["name"];
	    }
	}
	export class RangeDTO {
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new RangeDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class CalendarDTO {
	    timeZone: string;
	    alwaysOpen: boolean;
	    weekly: RangeDTO[][];
	    holidays: HolidayDTO[];
	    overrides: OverrideDTO[];
	
	    static createFrom(source: any = {}) {
	        return new CalendarDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.timeZone = source["timeZone"];
	        this.alwaysOpen = source["alwaysOpen"];
	        this.weekly = this.convertValues(source["weekly"], RangeDTO);
	        this.holidays = this.convertValues(source["holidays"], HolidayDTO);
	        this.overrides = this.convertValues(source["overrides"], OverrideDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HandleDTO {
	    id: number;
	    clientId: number;
	    network: Network;
	    displayName: string;
	    username: string;
	    syncState: SyncState;
	    syncError: string;
	    lastSyncAt: number;
	    retryAt: number;
	    backfill: number;
	    open: number;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new HandleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientId = source["clientId"];
	        this.network = source["network"];
	        this.displayName = source["displayName"];
	        this.username = source["username"];
	        this.syncState = source["syncState"];
	        this.syncError = source["syncError"];
	        this.lastSyncAt = source["lastSyncAt"];
	        this.retryAt = source["retryAt"];
	        this.backfill = source["backfill"];
	        this.open = source["open"];
	        this.unread = source["unread"];
	    }
	}
	export class ClientGroupDTO {
	    id: number;
	    name: string;
	    open: number;
	    unread: number;
	    handles: HandleDTO[];
	
	    static createFrom(source: any = {}) {
	        return new ClientGroupDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.open = source["open"];
	        this.unread = source["unread"];
	        this.handles = this.convertValues(source["handles"], HandleDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VoiceWordDTO {
	    phrase: string;
	    alternative: string;
	
	    static createFrom(source: any = {}) {
	        return new VoiceWordDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phrase = source["phrase"];
	        this.alternative = source["alternative"];
	    }
	}
	export class VoiceExampleDTO {
	    right: string;
	    wrong: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new VoiceExampleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.right = source["right"];
	        this.wrong = source["wrong"];
	        this.note = source["note"];
	    }
	}
	export class VoiceDTO {
	    tone: string;
	    humour: string;
	    humourRule: string;
	    examples: VoiceExampleDTO[];
	    avoid: VoiceWordDTO[];
	    prefer: VoiceWordDTO[];
	    signoff: string;
	    appendSignoff: boolean;
	
	    static createFrom(source: any = {}) {
	        return new VoiceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tone = source["tone"];
	        this.humour = source["humour"];
	        this.humourRule = source["humourRule"];
	        this.examples = this.convertValues(source["examples"], VoiceExampleDTO);
	        this.avoid = this.convertValues(source["avoid"], VoiceWordDTO);
	        this.prefer = this.convertValues(source["prefer"], VoiceWordDTO);
	        this.signoff = source["signoff"];
	        this.appendSignoff = source["appendSignoff"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DraftDTO {
	    text: string;
	    visibility: string;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new DraftDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.visibility = source["visibility"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class SavedReplyDTO {
	    id: number;
	    clientId: number;
	    title: string;
	    body: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedReplyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientId = source["clientId"];
	        this.title = source["title"];
	        this.body = source["body"];
	    }
	}
	export class ComposeContextDTO {
	    agent: string;
	    tone: string;
	    replies: SavedReplyDTO[];
	    draft?: DraftDTO;
	    voice: VoiceDTO;
	    signoff: string;
	    appendSignoff: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ComposeContextDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.agent = source["agent"];
	        this.tone = source["tone"];
	        this.replies = this.convertValues(source["replies"], SavedReplyDTO);
	        this.draft = this.convertValues(source["draft"], DraftDTO);
	        this.voice = this.convertValues(source["voice"], VoiceDTO);
	        this.signoff = source["signoff"];
	        this.appendSignoff = source["appendSignoff"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectionResultDTO {
	    ok: boolean;
	    message: string;
	    accountId: string;
	    username: string;
	    displayName: string;
	    notes: string[];
	
	    static createFrom(source: any = {}) {
	        return new ConnectionResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.accountId = source["accountId"];
	        this.username = source["username"];
	        this.displayName = source["displayName"];
	        this.notes = source["notes"];
	    }
	}
	export class SentimentDTO {
	    score?: number;
	    label: Mood;
	    trend: string;
	    irate: boolean;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new SentimentDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.score = source["score"];
	        this.label = source["label"];
	        this.trend = source["trend"];
	        this.irate = source["irate"];
	        this.reason = source["reason"];
	    }
	}
	export class DeadlineDTO {
	    clock: DeadlineClock;
	    kind: DeadlineKind;
	    state: DeadlineState;
	    startedAt: number;
	    warnAt: number;
	    internalAt: number;
	    promiseWarnAt: number;
	    publishedAt: number;
	    windowAt: number;
	    uncertain: boolean;
	    uncertainReason: string;
	    dataAsOf: number;
	
	    static createFrom(source: any = {}) {
	        return new DeadlineDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clock = source["clock"];
	        this.kind = source["kind"];
	        this.state = source["state"];
	        this.startedAt = source["startedAt"];
	        this.warnAt = source["warnAt"];
	        this.internalAt = source["internalAt"];
	        this.promiseWarnAt = source["promiseWarnAt"];
	        this.publishedAt = source["publishedAt"];
	        this.windowAt = source["windowAt"];
	        this.uncertain = source["uncertain"];
	        this.uncertainReason = source["uncertainReason"];
	        this.dataAsOf = source["dataAsOf"];
	    }
	}
	export class ConversationDTO {
	    id: number;
	    handleId: number;
	    clientId: number;
	    clientName: string;
	    network: Network;
	    handleName: string;
	    kind: ConversationKind;
	    status: Status;
	    customerName: string;
	    customerUser: string;
	    subject: string;
	    excerpt: string;
	    lastDirection: Direction;
	    lastMessageAt: number;
	    awaitingSince: number;
	    lastInboundAt: number;
	    snoozedUntil: number;
	    unread: number;
	    messageCount: number;
	    tags: string[];
	    deadline?: DeadlineDTO;
	    customerId: number;
	    sentiment: SentimentDTO;
	    publicClose?: string;
	    publicCloseDueAt?: number;
	
	    static createFrom(source: any = {}) {
	        return new ConversationDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.handleId = source["handleId"];
	        this.clientId = source["clientId"];
	        this.clientName = source["clientName"];
	        this.network = source["network"];
	        this.handleName = source["handleName"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.customerName = source["customerName"];
	        this.customerUser = source["customerUser"];
	        this.subject = source["subject"];
	        this.excerpt = source["excerpt"];
	        this.lastDirection = source["lastDirection"];
	        this.lastMessageAt = source["lastMessageAt"];
	        this.awaitingSince = source["awaitingSince"];
	        this.lastInboundAt = source["lastInboundAt"];
	        this.snoozedUntil = source["snoozedUntil"];
	        this.unread = source["unread"];
	        this.messageCount = source["messageCount"];
	        this.tags = source["tags"];
	        this.deadline = this.convertValues(source["deadline"], DeadlineDTO);
	        this.customerId = source["customerId"];
	        this.sentiment = this.convertValues(source["sentiment"], SentimentDTO);
	        this.publicClose = source["publicClose"];
	        this.publicCloseDueAt = source["publicCloseDueAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NoteDTO {
	    id: number;
	    author: string;
	    text: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new NoteDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.author = source["author"];
	        this.text = source["text"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class MessageDTO {
	    id: number;
	    direction: Direction;
	    authorName: string;
	    text: string;
	    sentAt: number;
	    delivery: Delivery;
	    sendError: string;
	    sentiment: Mood;
	    score?: number;
	    threat: string;
	    undoUntil: number;
	
	    static createFrom(source: any = {}) {
	        return new MessageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.direction = source["direction"];
	        this.authorName = source["authorName"];
	        this.text = source["text"];
	        this.sentAt = source["sentAt"];
	        this.delivery = source["delivery"];
	        this.sendError = source["sendError"];
	        this.sentiment = source["sentiment"];
	        this.score = source["score"];
	        this.threat = source["threat"];
	        this.undoUntil = source["undoUntil"];
	    }
	}
	export class ConversationDetailDTO {
	    conversation: ConversationDTO;
	    messages: MessageDTO[];
	    notes: NoteDTO[];
	    omittedMessages: number;
	
	    static createFrom(source: any = {}) {
	        return new ConversationDetailDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], ConversationDTO);
	        this.messages = this.convertValues(source["messages"], MessageDTO);
	        this.notes = this.convertValues(source["notes"], NoteDTO);
	        this.omittedMessages = source["omittedMessages"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConversationPageDTO {
	    total: number;
	    items: ConversationDTO[];
	
	    static createFrom(source: any = {}) {
	        return new ConversationPageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.items = this.convertValues(source["items"], ConversationDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SurveyDTO {
	    conversationId: number;
	    state: string;
	    scale: string;
	    dueAt: number;
	    askedAt: number;
	    messageId: number;
	    reason: string;
	    score: number;
	    comment: string;
	    optedOut: boolean;
	    answeredAt: number;
	
	    static createFrom(source: any = {}) {
	        return new SurveyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.state = source["state"];
	        this.scale = source["scale"];
	        this.dueAt = source["dueAt"];
	        this.askedAt = source["askedAt"];
	        this.messageId = source["messageId"];
	        this.reason = source["reason"];
	        this.score = source["score"];
	        this.comment = source["comment"];
	        this.optedOut = source["optedOut"];
	        this.answeredAt = source["answeredAt"];
	    }
	}
	export class CustomerCSATDTO {
	    optedOut: boolean;
	    surveys: SurveyDTO[];
	    score: number;
	
	    static createFrom(source: any = {}) {
	        return new CustomerCSATDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.optedOut = source["optedOut"];
	        this.surveys = this.convertValues(source["surveys"], SurveyDTO);
	        this.score = source["score"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TimelineEntryDTO {
	    id: number;
	    direction: Direction;
	    authorName: string;
	    text: string;
	    sentAt: number;
	    delivery: Delivery;
	    sendError: string;
	    sentiment: Mood;
	    score?: number;
	    threat: string;
	    undoUntil: number;
	    conversationId: number;
	    kind: ConversationKind;
	    handleName: string;
	
	    static createFrom(source: any = {}) {
	        return new TimelineEntryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.direction = source["direction"];
	        this.authorName = source["authorName"];
	        this.text = source["text"];
	        this.sentAt = source["sentAt"];
	        this.delivery = source["delivery"];
	        this.sendError = source["sendError"];
	        this.sentiment = source["sentiment"];
	        this.score = source["score"];
	        this.threat = source["threat"];
	        this.undoUntil = source["undoUntil"];
	        this.conversationId = source["conversationId"];
	        this.kind = source["kind"];
	        this.handleName = source["handleName"];
	    }
	}
	export class CustomerDTO {
	    id: number;
	    network: Network;
	    username: string;
	    displayName: string;
	    messages: number;
	    firstSeen: number;
	    lastSeen: number;
	    conversations: ConversationDTO[];
	    timeline: TimelineEntryDTO[];
	
	    static createFrom(source: any = {}) {
	        return new CustomerDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.network = source["network"];
	        this.username = source["username"];
	        this.displayName = source["displayName"];
	        this.messages = source["messages"];
	        this.firstSeen = source["firstSeen"];
	        this.lastSeen = source["lastSeen"];
	        this.conversations = this.convertValues(source["conversations"], ConversationDTO);
	        this.timeline = this.convertValues(source["timeline"], TimelineEntryDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CustomerRefDTO {
	    id: number;
	    network: Network;
	    username: string;
	    displayName: string;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new CustomerRefDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.network = source["network"];
	        this.username = source["username"];
	        this.displayName = source["displayName"];
	        this.messages = source["messages"];
	    }
	}
	
	export class DeadlineEventDTO {
	    clock: string;
	    event: string;
	    at: number;
	    recordedAt: number;
	    notifyState: string;
	
	    static createFrom(source: any = {}) {
	        return new DeadlineEventDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clock = source["clock"];
	        this.event = source["event"];
	        this.at = source["at"];
	        this.recordedAt = source["recordedAt"];
	        this.notifyState = source["notifyState"];
	    }
	}
	export class HandleSwitchDTO {
	    handleId: number;
	    on: boolean;
	
	    static createFrom(source: any = {}) {
	        return new HandleSwitchDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.on = source["on"];
	    }
	}
	export class NarrowedPolicyDTO {
	    handleId: number;
	    kind: string;
	    policy: PolicyDTO;
	
	    static createFrom(source: any = {}) {
	        return new NarrowedPolicyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.kind = source["kind"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TargetDTO {
	    internalMin: number;
	    publishedMin: number;
	    businessHours: boolean;
	    warnLeadMin: number;
	    warnShare: number;
	
	    static createFrom(source: any = {}) {
	        return new TargetDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.internalMin = source["internalMin"];
	        this.publishedMin = source["publishedMin"];
	        this.businessHours = source["businessHours"];
	        this.warnLeadMin = source["warnLeadMin"];
	        this.warnShare = source["warnShare"];
	    }
	}
	export class PolicyDTO {
	    firstResponse: TargetDTO;
	    nextResponse: TargetDTO;
	    resolution: TargetDTO;
	
	    static createFrom(source: any = {}) {
	        return new PolicyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.firstResponse = this.convertValues(source["firstResponse"], TargetDTO);
	        this.nextResponse = this.convertValues(source["nextResponse"], TargetDTO);
	        this.resolution = this.convertValues(source["resolution"], TargetDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HandleCalendarDTO {
	    handleId: number;
	    calendar: CalendarDTO;
	
	    static createFrom(source: any = {}) {
	        return new HandleCalendarDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.calendar = this.convertValues(source["calendar"], CalendarDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeadlineSettingsDTO {
	    clientId: number;
	    calendar: CalendarDTO;
	    calendarDefault: boolean;
	    handleCalendars: HandleCalendarDTO[];
	    policy: PolicyDTO;
	    policyDefault: boolean;
	    narrowed: NarrowedPolicyDTO[];
	    notifyOn: boolean;
	    handleSwitches: HandleSwitchDTO[];
	    computerZone: string;
	
	    static createFrom(source: any = {}) {
	        return new DeadlineSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.calendar = this.convertValues(source["calendar"], CalendarDTO);
	        this.calendarDefault = source["calendarDefault"];
	        this.handleCalendars = this.convertValues(source["handleCalendars"], HandleCalendarDTO);
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	        this.policyDefault = source["policyDefault"];
	        this.narrowed = this.convertValues(source["narrowed"], NarrowedPolicyDTO);
	        this.notifyOn = source["notifyOn"];
	        this.handleSwitches = this.convertValues(source["handleSwitches"], HandleSwitchDTO);
	        this.computerZone = source["computerZone"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ErasureDTO {
	    id: number;
	    at: number;
	    customerId: number;
	    handleIds: number[];
	    conversations: number;
	    messages: number;
	    compacted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ErasureDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.customerId = source["customerId"];
	        this.handleIds = source["handleIds"];
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	        this.compacted = source["compacted"];
	    }
	}
	export class ExportFileDTO {
	    fileName: string;
	    mime: string;
	    base64: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportFileDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fileName = source["fileName"];
	        this.mime = source["mime"];
	        this.base64 = source["base64"];
	    }
	}
	export class ExportResultDTO {
	    path: string;
	    conversations: number;
	    messages: number;
	    notes: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	        this.notes = source["notes"];
	    }
	}
	export class ExportScopeDTO {
	    conversationId: number;
	    customerId: number;
	    client: string;
	    search: string;
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportScopeDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.customerId = source["customerId"];
	        this.client = source["client"];
	        this.search = source["search"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	export class FilterDTO {
	    clientId: number;
	    handleId: number;
	    network: string;
	    statuses: string[];
	    unreadOnly: boolean;
	    tags: string[];
	    deadlineStates: string[];
	    customerId: number;
	    irate: boolean;
	    moods: string[];
	    publicClosePending?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FilterDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.handleId = source["handleId"];
	        this.network = source["network"];
	        this.statuses = source["statuses"];
	        this.unreadOnly = source["unreadOnly"];
	        this.tags = source["tags"];
	        this.deadlineStates = source["deadlineStates"];
	        this.customerId = source["customerId"];
	        this.irate = source["irate"];
	        this.moods = source["moods"];
	        this.publicClosePending = source["publicClosePending"];
	    }
	}
	export class FindingDTO {
	    kind: string;
	    label: string;
	    masked: string;
	
	    static createFrom(source: any = {}) {
	        return new FindingDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.masked = source["masked"];
	    }
	}
	export class GuideDTO {
	    markdown: string;
	    custom: boolean;
	
	    static createFrom(source: any = {}) {
	        return new GuideDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.markdown = source["markdown"];
	        this.custom = source["custom"];
	    }
	}
	
	
	
	
	export class ICalImportDTO {
	    holidays: HolidayDTO[];
	    skipped: number;
	    rejected: string[];
	
	    static createFrom(source: any = {}) {
	        return new ICalImportDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.holidays = this.convertValues(source["holidays"], HolidayDTO);
	        this.skipped = source["skipped"];
	        this.rejected = source["rejected"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportSkipDTO {
	    reason: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportSkipDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reason = source["reason"];
	        this.count = source["count"];
	    }
	}
	export class ImportStatusDTO {
	    handleId: number;
	    running: boolean;
	    format: string;
	    done: number;
	    total: number;
	    conversations: number;
	    messages: number;
	    new: number;
	    existing: number;
	    skipped: ImportSkipDTO[];
	    resumed: boolean;
	    error: string;
	    seq: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportStatusDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.running = source["running"];
	        this.format = source["format"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.conversations = source["conversations"];
	        this.messages = source["messages"];
	        this.new = source["new"];
	        this.existing = source["existing"];
	        this.skipped = this.convertValues(source["skipped"], ImportSkipDTO);
	        this.resumed = source["resumed"];
	        this.error = source["error"];
	        this.seq = source["seq"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProblemDTO {
	    title: string;
	    detail: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new ProblemDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.detail = source["detail"];
	        this.error = source["error"];
	    }
	}
	export class InfoDTO {
	    version: string;
	    demo: boolean;
	    databasePath: string;
	    keychainOk: boolean;
	    keychainMessage: string;
	    readOnly: boolean;
	    problem?: ProblemDTO;
	
	    static createFrom(source: any = {}) {
	        return new InfoDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.demo = source["demo"];
	        this.databasePath = source["databasePath"];
	        this.keychainOk = source["keychainOk"];
	        this.keychainMessage = source["keychainMessage"];
	        this.readOnly = source["readOnly"];
	        this.problem = this.convertValues(source["problem"], ProblemDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InsightCustomerDTO {
	    customerId: number;
	    name: string;
	    network: Network;
	    conversations: number;
	
	    static createFrom(source: any = {}) {
	        return new InsightCustomerDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.customerId = source["customerId"];
	        this.name = source["name"];
	        this.network = source["network"];
	        this.conversations = source["conversations"];
	    }
	}
	export class InsightIssueDTO {
	    label: string;
	    terms: string[];
	    conversations: number;
	    conversationIds: number[];
	    query: string;
	
	    static createFrom(source: any = {}) {
	        return new InsightIssueDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.terms = source["terms"];
	        this.conversations = source["conversations"];
	        this.conversationIds = source["conversationIds"];
	        this.query = source["query"];
	    }
	}
	export class InsightTagDTO {
	    tag: string;
	    conversations: number;
	    previous: number;
	
	    static createFrom(source: any = {}) {
	        return new InsightTagDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tag = source["tag"];
	        this.conversations = source["conversations"];
	        this.previous = source["previous"];
	    }
	}
	export class InsightTermDTO {
	    term: string;
	    display: string;
	    conversations: number;
	    previous: number;
	    score: number;
	    query: string;
	
	    static createFrom(source: any = {}) {
	        return new InsightTermDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.term = source["term"];
	        this.display = source["display"];
	        this.conversations = source["conversations"];
	        this.previous = source["previous"];
	        this.score = source["score"];
	        this.query = source["query"];
	    }
	}
	export class InsightsDTO {
	    terms: InsightTermDTO[];
	    phrases: InsightTermDTO[];
	    tags: InsightTagDTO[];
	    issues: InsightIssueDTO[];
	    customers: InsightCustomerDTO[];
	    privateIncluded: boolean;
	    messagesRead: number;
	    capped: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InsightsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.terms = this.convertValues(source["terms"], InsightTermDTO);
	        this.phrases = this.convertValues(source["phrases"], InsightTermDTO);
	        this.tags = this.convertValues(source["tags"], InsightTagDTO);
	        this.issues = this.convertValues(source["issues"], InsightIssueDTO);
	        this.customers = this.convertValues(source["customers"], InsightCustomerDTO);
	        this.privateIncluded = source["privateIncluded"];
	        this.messagesRead = source["messagesRead"];
	        this.capped = source["capped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ListenMuteDTO {
	    kind: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new ListenMuteDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.value = source["value"];
	    }
	}
	export class ListenResultDTO {
	    id: number;
	    searchId: number;
	    network: string;
	    handleId: number;
	    url: string;
	    authorName: string;
	    authorUsername: string;
	    text: string;
	    language: string;
	    sentiment: number;
	    sentimentLabel: string;
	    reach: number;
	    postedAt: number;
	    handled: boolean;
	    conversationId: number;
	    sample: boolean;
	    canReply: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ListenResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.searchId = source["searchId"];
	        this.network = source["network"];
	        this.handleId = source["handleId"];
	        this.url = source["url"];
	        this.authorName = source["authorName"];
	        this.authorUsername = source["authorUsername"];
	        this.text = source["text"];
	        this.language = source["language"];
	        this.sentiment = source["sentiment"];
	        this.sentimentLabel = source["sentimentLabel"];
	        this.reach = source["reach"];
	        this.postedAt = source["postedAt"];
	        this.handled = source["handled"];
	        this.conversationId = source["conversationId"];
	        this.sample = source["sample"];
	        this.canReply = source["canReply"];
	    }
	}
	export class ListenSourceDTO {
	    source: string;
	    kind: string;
	    handleId: number;
	    handleName: string;
	    network: string;
	    feedUrl: string;
	    lastRunAt: number;
	    nextRunAt: number;
	    errors: number;
	    lastError: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new ListenSourceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.kind = source["kind"];
	        this.handleId = source["handleId"];
	        this.handleName = source["handleName"];
	        this.network = source["network"];
	        this.feedUrl = source["feedUrl"];
	        this.lastRunAt = source["lastRunAt"];
	        this.nextRunAt = source["nextRunAt"];
	        this.errors = source["errors"];
	        this.lastError = source["lastError"];
	        this.note = source["note"];
	    }
	}
	export class ListenSearchDTO {
	    id: number;
	    clientId: number;
	    name: string;
	    terms: string[];
	    excludeWords: string[];
	    excludeAccounts: string[];
	    feeds: string[];
	    language: string;
	    xEnabled: boolean;
	    createdAt: number;
	    sources: ListenSourceDTO[];
	    hourly: number[];
	
	    static createFrom(source: any = {}) {
	        return new ListenSearchDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientId = source["clientId"];
	        this.name = source["name"];
	        this.terms = source["terms"];
	        this.excludeWords = source["excludeWords"];
	        this.excludeAccounts = source["excludeAccounts"];
	        this.feeds = source["feeds"];
	        this.language = source["language"];
	        this.xEnabled = source["xEnabled"];
	        this.createdAt = source["createdAt"];
	        this.sources = this.convertValues(source["sources"], ListenSourceDTO);
	        this.hourly = source["hourly"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ListenSearchInput {
	    id: number;
	    clientId: number;
	    name: string;
	    terms: string[];
	    excludeWords: string[];
	    excludeAccounts: string[];
	    feeds: string[];
	    language: string;
	    xEnabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ListenSearchInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.clientId = source["clientId"];
	        this.name = source["name"];
	        this.terms = source["terms"];
	        this.excludeWords = source["excludeWords"];
	        this.excludeAccounts = source["excludeAccounts"];
	        this.feeds = source["feeds"];
	        this.language = source["language"];
	        this.xEnabled = source["xEnabled"];
	    }
	}
	
	export class ListenSpikeDTO {
	    searchId: number;
	    handleId: number;
	    name: string;
	    metric: string;
	    hour: number;
	    count: number;
	    title: string;
	    body: string;
	    delivered: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ListenSpikeDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.searchId = source["searchId"];
	        this.handleId = source["handleId"];
	        this.name = source["name"];
	        this.metric = source["metric"];
	        this.hour = source["hour"];
	        this.count = source["count"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.delivered = source["delivered"];
	    }
	}
	export class ListenTermDTO {
	    display: string;
	    count: number;
	    previous: number;
	
	    static createFrom(source: any = {}) {
	        return new ListenTermDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.display = source["display"];
	        this.count = source["count"];
	        this.previous = source["previous"];
	    }
	}
	export class MailServerDTO {
	    host: string;
	    port: number;
	    security: string;
	
	    static createFrom(source: any = {}) {
	        return new MailServerDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.port = source["port"];
	        this.security = source["security"];
	    }
	}
	export class MailSettingsDTO {
	    source: string;
	    provider: string;
	    presetId: string;
	    imap: MailServerDTO;
	    smtp: MailServerDTO;
	    username: string;
	
	    static createFrom(source: any = {}) {
	        return new MailSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.provider = source["provider"];
	        this.presetId = source["presetId"];
	        this.imap = this.convertValues(source["imap"], MailServerDTO);
	        this.smtp = this.convertValues(source["smtp"], MailServerDTO);
	        this.username = source["username"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MailDiscoveryDTO {
	    domain: string;
	    found: MailSettingsDTO[];
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new MailDiscoveryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.domain = source["domain"];
	        this.found = this.convertValues(source["found"], MailSettingsDTO);
	        this.problems = source["problems"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MailPresetDTO {
	    id: string;
	    name: string;
	    domains: string[];
	    imap: MailServerDTO;
	    smtp: MailServerDTO;
	    appPassword: string[];
	    appPasswordUrl: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new MailPresetDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.domains = source["domains"];
	        this.imap = this.convertValues(source["imap"], MailServerDTO);
	        this.smtp = this.convertValues(source["smtp"], MailServerDTO);
	        this.appPassword = source["appPassword"];
	        this.appPasswordUrl = source["appPasswordUrl"];
	        this.note = source["note"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class MoveDTO {
	    conversationId: number;
	    customerName: string;
	    handleName: string;
	    clock: string;
	    oldInternal: number;
	    newInternal: number;
	    oldPublished: number;
	    newPublished: number;
	
	    static createFrom(source: any = {}) {
	        return new MoveDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.customerName = source["customerName"];
	        this.handleName = source["handleName"];
	        this.clock = source["clock"];
	        this.oldInternal = source["oldInternal"];
	        this.newInternal = source["newInternal"];
	        this.oldPublished = source["oldPublished"];
	        this.newPublished = source["newPublished"];
	    }
	}
	export class MoveResultDTO {
	    privateConversationId: number;
	    created: boolean;
	    publicMessageId: number;
	    privateMessageId: number;
	
	    static createFrom(source: any = {}) {
	        return new MoveResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.privateConversationId = source["privateConversationId"];
	        this.created = source["created"];
	        this.publicMessageId = source["publicMessageId"];
	        this.privateMessageId = source["privateMessageId"];
	    }
	}
	
	export class NewHandleDTO {
	    clientId: number;
	    network: string;
	    displayName: string;
	    settings: Record<string, string>;
	    secrets: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new NewHandleDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clientId = source["clientId"];
	        this.network = source["network"];
	        this.displayName = source["displayName"];
	        this.settings = source["settings"];
	        this.secrets = source["secrets"];
	    }
	}
	
	export class NotificationPauseDTO {
	    pausedUntil: number;
	    failing: boolean;
	    since: number;
	    retryAt: number;
	    failure: string;
	
	    static createFrom(source: any = {}) {
	        return new NotificationPauseDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pausedUntil = source["pausedUntil"];
	        this.failing = source["failing"];
	        this.since = source["since"];
	        this.retryAt = source["retryAt"];
	        this.failure = source["failure"];
	    }
	}
	
	
	export class PreviewDTO {
	    total: number;
	    moves: MoveDTO[];
	
	    static createFrom(source: any = {}) {
	        return new PreviewDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.moves = this.convertValues(source["moves"], MoveDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PublicCloseEventDTO {
	    event: string;
	    state: string;
	    note: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new PublicCloseEventDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.event = source["event"];
	        this.state = source["state"];
	        this.note = source["note"];
	        this.at = source["at"];
	    }
	}
	export class PublicCloseDTO {
	    id: number;
	    conversationId: number;
	    via: string;
	    privateConversationId: number;
	    offlineChannel: string;
	    offlineNote: string;
	    state: string;
	    startedAt: number;
	    privateResolvedAt: number;
	    dueAt: number;
	    replyMessageId: number;
	    dismissReason: string;
	    endedAt: number;
	    suggestion: string;
	    events: PublicCloseEventDTO[];
	
	    static createFrom(source: any = {}) {
	        return new PublicCloseDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.conversationId = source["conversationId"];
	        this.via = source["via"];
	        this.privateConversationId = source["privateConversationId"];
	        this.offlineChannel = source["offlineChannel"];
	        this.offlineNote = source["offlineNote"];
	        this.state = source["state"];
	        this.startedAt = source["startedAt"];
	        this.privateResolvedAt = source["privateResolvedAt"];
	        this.dueAt = source["dueAt"];
	        this.replyMessageId = source["replyMessageId"];
	        this.dismissReason = source["dismissReason"];
	        this.endedAt = source["endedAt"];
	        this.suggestion = source["suggestion"];
	        this.events = this.convertValues(source["events"], PublicCloseEventDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PublicCloseSettingsDTO {
	    reply: string;
	    dueHours: number;
	
	    static createFrom(source: any = {}) {
	        return new PublicCloseSettingsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reply = source["reply"];
	        this.dueHours = source["dueHours"];
	    }
	}
	export class QuietHoursDTO {
	    enabled: boolean;
	    startMin: number;
	    endMin: number;
	
	    static createFrom(source: any = {}) {
	        return new QuietHoursDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.startMin = source["startMin"];
	        this.endMin = source["endMin"];
	    }
	}
	
	export class ReportBacklogPointDTO {
	    at: number;
	    open: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportBacklogPointDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.open = source["open"];
	    }
	}
	export class ReportBreachDTO {
	    conversationId: number;
	    customer: string;
	    client: string;
	    handle: string;
	    target: DeadlineKind;
	    startedAt: number;
	    dueAt: number;
	    doneAt: number;
	    bySec: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportBreachDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.customer = source["customer"];
	        this.client = source["client"];
	        this.handle = source["handle"];
	        this.target = source["target"];
	        this.startedAt = source["startedAt"];
	        this.dueAt = source["dueAt"];
	        this.doneAt = source["doneAt"];
	        this.bySec = source["bySec"];
	    }
	}
	export class ReportBucketDTO {
	    label: string;
	    upToSec: number;
	    wall: number;
	    business: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportBucketDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.upToSec = source["upToSec"];
	        this.wall = source["wall"];
	        this.business = source["business"];
	    }
	}
	export class ReportHourDTO {
	    weekday: number;
	    hour: number;
	    messagesIn: number;
	    staffed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ReportHourDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.weekday = source["weekday"];
	        this.hour = source["hour"];
	        this.messagesIn = source["messagesIn"];
	        this.staffed = source["staffed"];
	    }
	}
	export class ReportLoopsDTO {
	    started: number;
	    pending: number;
	    dismissed: number;
	    leftOpen: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportLoopsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.started = source["started"];
	        this.pending = source["pending"];
	        this.dismissed = source["dismissed"];
	        this.leftOpen = source["leftOpen"];
	    }
	}
	export class ReportHourOfDayDTO {
	    hour: number;
	    count: number;
	    wallMedianSec: number;
	    businessMedianSec: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportHourOfDayDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hour = source["hour"];
	        this.count = source["count"];
	        this.wallMedianSec = source["wallMedianSec"];
	        this.businessMedianSec = source["businessMedianSec"];
	    }
	}
	export class ReportRowDTO {
	    key: string;
	    label: string;
	    conversationsIn: number;
	    messagesIn: number;
	    replied: number;
	    resolved: number;
	    stillOpen: number;
	    firstResponse: ReportTimesDTO;
	    promiseKeptPct: number;
	    promiseBreached: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportRowDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.conversationsIn = source["conversationsIn"];
	        this.messagesIn = source["messagesIn"];
	        this.replied = source["replied"];
	        this.resolved = source["resolved"];
	        this.stillOpen = source["stillOpen"];
	        this.firstResponse = this.convertValues(source["firstResponse"], ReportTimesDTO);
	        this.promiseKeptPct = source["promiseKeptPct"];
	        this.promiseBreached = source["promiseBreached"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportTargetDTO {
	    target: DeadlineKind;
	    withDeadline: number;
	    promiseKept: number;
	    promiseBreached: number;
	    promiseKeptPct: number;
	    internalKept: number;
	    internalMissed: number;
	    internalKeptPct: number;
	    open: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportTargetDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.target = source["target"];
	        this.withDeadline = source["withDeadline"];
	        this.promiseKept = source["promiseKept"];
	        this.promiseBreached = source["promiseBreached"];
	        this.promiseKeptPct = source["promiseKeptPct"];
	        this.internalKept = source["internalKept"];
	        this.internalMissed = source["internalMissed"];
	        this.internalKeptPct = source["internalKeptPct"];
	        this.open = source["open"];
	    }
	}
	export class ReportTimesDTO {
	    count: number;
	    wallMedianSec: number;
	    wallP90Sec: number;
	    businessMedianSec: number;
	    businessP90Sec: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportTimesDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	        this.wallMedianSec = source["wallMedianSec"];
	        this.wallP90Sec = source["wallP90Sec"];
	        this.businessMedianSec = source["businessMedianSec"];
	        this.businessP90Sec = source["businessP90Sec"];
	    }
	}
	export class ReportVolumeDTO {
	    conversationsIn: number;
	    messagesIn: number;
	    messagesOut: number;
	    replied: number;
	    resolved: number;
	    stillOpen: number;
	
	    static createFrom(source: any = {}) {
	        return new ReportVolumeDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationsIn = source["conversationsIn"];
	        this.messagesIn = source["messagesIn"];
	        this.messagesOut = source["messagesOut"];
	        this.replied = source["replied"];
	        this.resolved = source["resolved"];
	        this.stillOpen = source["stillOpen"];
	    }
	}
	export class ReportFiguresDTO {
	    volume: ReportVolumeDTO;
	    firstResponse: ReportTimesDTO;
	    nextResponse: ReportTimesDTO;
	    targets: ReportTargetDTO[];
	    breaches: ReportBreachDTO[];
	    resolution: ReportTimesDTO;
	    firstResponseDistribution: ReportBucketDTO[];
	    perHandle: ReportRowDTO[];
	    perNetwork: ReportRowDTO[];
	    firstResponseByHour: ReportHourOfDayDTO[];
	    loops?: ReportLoopsDTO;
	
	    static createFrom(source: any = {}) {
	        return new ReportFiguresDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.volume = this.convertValues(source["volume"], ReportVolumeDTO);
	        this.firstResponse = this.convertValues(source["firstResponse"], ReportTimesDTO);
	        this.nextResponse = this.convertValues(source["nextResponse"], ReportTimesDTO);
	        this.targets = this.convertValues(source["targets"], ReportTargetDTO);
	        this.breaches = this.convertValues(source["breaches"], ReportBreachDTO);
	        this.resolution = this.convertValues(source["resolution"], ReportTimesDTO);
	        this.firstResponseDistribution = this.convertValues(source["firstResponseDistribution"], ReportBucketDTO);
	        this.perHandle = this.convertValues(source["perHandle"], ReportRowDTO);
	        this.perNetwork = this.convertValues(source["perNetwork"], ReportRowDTO);
	        this.firstResponseByHour = this.convertValues(source["firstResponseByHour"], ReportHourOfDayDTO);
	        this.loops = this.convertValues(source["loops"], ReportLoopsDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReportDTO {
	    from: number;
	    to: number;
	    previousFrom: number;
	    previousTo: number;
	    zone: string;
	    current: ReportFiguresDTO;
	    previous: ReportFiguresDTO;
	    hourOfWeek: ReportHourDTO[];
	    backlog: ReportBacklogPointDTO[];
	    backlogStep: string;
	    csat?: CSATFigureDTO;
	    previousCsat?: CSATFigureDTO;
	
	    static createFrom(source: any = {}) {
	        return new ReportDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.previousFrom = source["previousFrom"];
	        this.previousTo = source["previousTo"];
	        this.zone = source["zone"];
	        this.current = this.convertValues(source["current"], ReportFiguresDTO);
	        this.previous = this.convertValues(source["previous"], ReportFiguresDTO);
	        this.hourOfWeek = this.convertValues(source["hourOfWeek"], ReportHourDTO);
	        this.backlog = this.convertValues(source["backlog"], ReportBacklogPointDTO);
	        this.backlogStep = source["backlogStep"];
	        this.csat = this.convertValues(source["csat"], CSATFigureDTO);
	        this.previousCsat = this.convertValues(source["previousCsat"], CSATFigureDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	
	
	
	
	
	export class SignInDTO {
	    handleId: number;
	    network: Network;
	    displayName: string;
	    clientName: string;
	
	    static createFrom(source: any = {}) {
	        return new SignInDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handleId = source["handleId"];
	        this.network = source["network"];
	        this.displayName = source["displayName"];
	        this.clientName = source["clientName"];
	    }
	}
	export class RestoreDTO {
	    path: string;
	    handles: number;
	    needSignIn: SignInDTO[];
	
	    static createFrom(source: any = {}) {
	        return new RestoreDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.handles = source["handles"];
	        this.needSignIn = this.convertValues(source["needSignIn"], SignInDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RestoreStatusDTO {
	    pending: boolean;
	    restored: boolean;
	    keptAside: string;
	    needSignIn: SignInDTO[];
	
	    static createFrom(source: any = {}) {
	        return new RestoreStatusDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pending = source["pending"];
	        this.restored = source["restored"];
	        this.keptAside = source["keptAside"];
	        this.needSignIn = this.convertValues(source["needSignIn"], SignInDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SavedViewDTO {
	    id: number;
	    name: string;
	    filter: FilterDTO;
	
	    static createFrom(source: any = {}) {
	        return new SavedViewDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.filter = this.convertValues(source["filter"], FilterDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchQueryDTO {
	    text: string;
	    author: string;
	    clientId: number;
	    handleId: number;
	    network: string;
	    statuses: string[];
	    tag: string;
	    from: number;
	    to: number;
	    relevance: boolean;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchQueryDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.author = source["author"];
	        this.clientId = source["clientId"];
	        this.handleId = source["handleId"];
	        this.network = source["network"];
	        this.statuses = source["statuses"];
	        this.tag = source["tag"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.relevance = source["relevance"];
	        this.limit = source["limit"];
	    }
	}
	export class SearchResultDTO {
	    messageId: number;
	    conversationId: number;
	    authorName: string;
	    sentAt: number;
	    snippet: string;
	    kind: string;
	    noteId: number;
	    direction: Direction;
	    status: Status;
	    network: Network;
	    handleName: string;
	    clientName: string;
	    customerName: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.conversationId = source["conversationId"];
	        this.authorName = source["authorName"];
	        this.sentAt = source["sentAt"];
	        this.snippet = source["snippet"];
	        this.kind = source["kind"];
	        this.noteId = source["noteId"];
	        this.direction = source["direction"];
	        this.status = source["status"];
	        this.network = source["network"];
	        this.handleName = source["handleName"];
	        this.clientName = source["clientName"];
	        this.customerName = source["customerName"];
	    }
	}
	export class SearchResultsDTO {
	    hits: SearchResultDTO[];
	    matches: number;
	    moreMatches: boolean;
	    bounded: boolean;
	    candidates: number;
	    prefixBounded: boolean;
	    prefixTerms: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchResultsDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hits = this.convertValues(source["hits"], SearchResultDTO);
	        this.matches = source["matches"];
	        this.moreMatches = source["moreMatches"];
	        this.bounded = source["bounded"];
	        this.candidates = source["candidates"];
	        this.prefixBounded = source["prefixBounded"];
	        this.prefixTerms = source["prefixTerms"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SensitiveMessageDTO {
	    messageId: number;
	    findings: FindingDTO[];
	
	    static createFrom(source: any = {}) {
	        return new SensitiveMessageDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.findings = this.convertValues(source["findings"], FindingDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SettingsDraftDTO {
	    calendarHandleId: number;
	    calendar?: CalendarDTO;
	    policyHandleId: number;
	    policyKind: string;
	    policy?: PolicyDTO;
	
	    static createFrom(source: any = {}) {
	        return new SettingsDraftDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.calendarHandleId = source["calendarHandleId"];
	        this.calendar = this.convertValues(source["calendar"], CalendarDTO);
	        this.policyHandleId = source["policyHandleId"];
	        this.policyKind = source["policyKind"];
	        this.policy = this.convertValues(source["policy"], PolicyDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SidebarDTO {
	    clients: ClientGroupDTO[];
	    open: number;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new SidebarDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.clients = this.convertValues(source["clients"], ClientGroupDTO);
	        this.open = source["open"];
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SignInChoiceDTO {
	    choiceId: string;
	    accountId: string;
	    name: string;
	    detail: string;
	    unusable: string;
	    expiresAt: number;
	
	    static createFrom(source: any = {}) {
	        return new SignInChoiceDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.choiceId = source["choiceId"];
	        this.accountId = source["accountId"];
	        this.name = source["name"];
	        this.detail = source["detail"];
	        this.unusable = source["unusable"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	
	export class SignInResultDTO {
	    handle?: HandleDTO;
	    choices: SignInChoiceDTO[];
	
	    static createFrom(source: any = {}) {
	        return new SignInResultDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.handle = this.convertValues(source["handle"], HandleDTO);
	        this.choices = this.convertValues(source["choices"], SignInChoiceDTO);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StartAtLoginDTO {
	    available: boolean;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StartAtLoginDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.enabled = source["enabled"];
	    }
	}
	export class StatusChangeDTO {
	    undoToken: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new StatusChangeDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.undoToken = source["undoToken"];
	        this.count = source["count"];
	    }
	}
	
	export class TagDTO {
	    id: number;
	    name: string;
	    color: string;
	    conversations: number;
	
	    static createFrom(source: any = {}) {
	        return new TagDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.color = source["color"];
	        this.conversations = source["conversations"];
	    }
	}
	
	
	export class UndoneReplyDTO {
	    conversationId: number;
	    text: string;
	    visibility: string;
	
	    static createFrom(source: any = {}) {
	        return new UndoneReplyDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversationId = source["conversationId"];
	        this.text = source["text"];
	        this.visibility = source["visibility"];
	    }
	}
	
	
	
	export class WordHitDTO {
	    phrase: string;
	    alternative: string;
	    found: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new WordHitDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.phrase = source["phrase"];
	        this.alternative = source["alternative"];
	        this.found = source["found"];
	        this.count = source["count"];
	    }
	}

}

export namespace connector {
	
	export class Field {
	    key: string;
	    label: string;
	    secret: boolean;
	    optional: boolean;
	    placeholder: string;
	    help: string;
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.secret = source["secret"];
	        this.optional = source["optional"];
	        this.placeholder = source["placeholder"];
	        this.help = source["help"];
	    }
	}
	export class Permission {
	    name: string;
	    for: string;
	
	    static createFrom(source: any = {}) {
	        return new Permission(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.for = source["for"];
	    }
	}
	export class Spec {
	    network: string;
	    name: string;
	    needs: string;
	    docsUrl: string;
	    fields: Field[];
	    maxLength: number;
	    maxPrivateLength: number;
	    permissions: Permission[];
	
	    static createFrom(source: any = {}) {
	        return new Spec(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.network = source["network"];
	        this.name = source["name"];
	        this.needs = source["needs"];
	        this.docsUrl = source["docsUrl"];
	        this.fields = this.convertValues(source["fields"], Field);
	        this.maxLength = source["maxLength"];
	        this.maxPrivateLength = source["maxPrivateLength"];
	        this.permissions = this.convertValues(source["permissions"], Permission);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}


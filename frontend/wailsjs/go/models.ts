export namespace app {
	
	export class HandleDTO {
	    id: number;
	    clientId: number;
	    network: string;
	    displayName: string;
	    username: string;
	    syncState: string;
	    syncError: string;
	    lastSyncAt: number;
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
	export class ConversationDTO {
	    id: number;
	    handleId: number;
	    clientId: number;
	    clientName: string;
	    network: string;
	    handleName: string;
	    kind: string;
	    status: string;
	    customerName: string;
	    customerUser: string;
	    subject: string;
	    excerpt: string;
	    lastDirection: string;
	    lastMessageAt: number;
	    awaitingSince: number;
	    snoozedUntil: number;
	    unread: number;
	    messageCount: number;
	    tags: string[];
	
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
	        this.snoozedUntil = source["snoozedUntil"];
	        this.unread = source["unread"];
	        this.messageCount = source["messageCount"];
	        this.tags = source["tags"];
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
	    direction: string;
	    authorName: string;
	    text: string;
	    sentAt: number;
	    delivery: string;
	
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
	    }
	}
	export class ConversationDetailDTO {
	    conversation: ConversationDTO;
	    messages: MessageDTO[];
	    notes: NoteDTO[];
	
	    static createFrom(source: any = {}) {
	        return new ConversationDetailDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], ConversationDTO);
	        this.messages = this.convertValues(source["messages"], MessageDTO);
	        this.notes = this.convertValues(source["notes"], NoteDTO);
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
	export class FilterDTO {
	    clientId: number;
	    handleId: number;
	    network: string;
	    statuses: string[];
	    unreadOnly: boolean;
	
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
	    }
	}
	
	export class InfoDTO {
	    version: string;
	    demo: boolean;
	    databasePath: string;
	    keychainOk: boolean;
	    keychainMessage: string;
	
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
	
	export class SearchHitDTO {
	    messageId: number;
	    conversationId: number;
	    authorName: string;
	    sentAt: number;
	    snippet: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchHitDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.conversationId = source["conversationId"];
	        this.authorName = source["authorName"];
	        this.sentAt = source["sentAt"];
	        this.snippet = source["snippet"];
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
	export class Spec {
	    network: string;
	    name: string;
	    needs: string;
	    docsUrl: string;
	    fields: Field[];
	    maxLength: number;
	
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


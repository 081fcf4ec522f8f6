package demo

// Sample customer-care text. {order}, {product}, {city}, {name}, {brand},
// {minutes} and {code} are filled in per conversation.

type topic struct {
	name    string
	opening []string
	follow  []string
	replies []string
	closing []string
}

var topics = []topic{
	{
		name: "order",
		opening: []string{
			"Hi {brand}, my order #{order} still hasn't arrived. Tracking says it left {city} four days ago?",
			"Ordered the {product} last week (#{order}) and the tracking link just says 'label created'. Any idea?",
			"Where is my parcel? Order {order}. I need it for a birthday on Saturday 🙏",
			"Bonjour ! Ma commande #{order} n'est toujours pas arrivée à {city}. Pouvez-vous vérifier ?",
		},
		follow: []string{
			"Still nothing today. Should I be worried?",
			"The courier left a note but I was home all day…",
			"Thanks, the tracking finally moved!",
		},
		replies: []string{
			"Hi {name}, sorry for the wait! I've checked order #{order}: it's with the courier in {city} and should reach you tomorrow.",
			"Thanks for your patience, {name}. The carrier confirmed a delay at their {city} hub; I've upgraded your delivery at no cost.",
			"So sorry about this! Could you send us the e-mail on the order in a private message so we can look it up?",
		},
		closing: []string{"Arrived this morning, thank you!", "Got it, thanks for sorting it out."},
	},
	{
		name: "refund",
		opening: []string{
			"I returned the {product} two weeks ago and still no refund. Order #{order}.",
			"How long do refunds take? I sent back order {order} on the 3rd.",
			"You charged me twice for order #{order}. Please refund the duplicate.",
			"Je voudrais un remboursement pour la commande {order}, le {product} était abîmé.",
		},
		follow: []string{
			"It's been another week. This is getting frustrating.",
			"My bank says nothing is pending from you.",
			"OK, I'll wait until Friday.",
		},
		replies: []string{
			"Hi {name}, I can see the return for #{order} arrived in our warehouse. The refund was issued today and takes 3–5 working days to show.",
			"Sorry {name}, you're right: there's a duplicate charge. I've refunded it now, reference {code}.",
			"Thanks for flagging this. I've escalated #{order} to our payments team and will update you by tomorrow noon.",
		},
		closing: []string{"Refund received. Thanks!", "All sorted, appreciate it."},
	},
	{
		name: "outage",
		opening: []string{
			"Is the {brand} app down? I can't log in since {minutes} minutes ago.",
			"Checkout keeps failing with 'payment error' — tried three cards. Is something broken?",
			"Your website shows a blank page in {city}. Anyone else?",
			"The booking page has been down all morning and I have a class at 6 😤",
		},
		follow: []string{
			"Still down for me.",
			"Works again now, but I was charged without a confirmation e-mail.",
			"Any ETA?",
		},
		replies: []string{
			"Hi {name}, yes — we had an outage affecting logins between 09:10 and 09:40. It's fixed now; sorry for the trouble!",
			"Thanks for letting us know, {name}. Our team is on it; we'll post updates here every 30 minutes.",
			"We're sorry! A payment provider issue blocked checkouts for about {minutes} minutes. Any failed attempt was not charged.",
		},
		closing: []string{"Working now, thanks.", "Great, booked my class."},
	},
	{
		name: "praise",
		opening: []string{
			"Just wanted to say the {product} is amazing. Best purchase this year! 🎉",
			"Shout-out to the {city} team, super friendly service today.",
			"Le service client de {brand} est vraiment au top, merci !",
			"Five stars. Fast delivery and lovely packaging.",
		},
		follow:  []string{"Will definitely order again."},
		replies: []string{"Thank you so much, {name}! This made our day 💛", "We'll pass this on to the {city} team — thanks for the kind words!"},
		closing: []string{"😊"},
	},
	{
		name: "complaint",
		opening: []string{
			"Really disappointed. The {product} broke after two days and nobody answers my e-mails.",
			"Third time I'm asking: who do I talk to about a damaged {product}? Order {order}.",
			"Your delivery driver left my parcel in the rain. Everything is soaked.",
			"Terrible experience at the {city} shop today. Staff ignored us for 20 minutes.",
		},
		follow: []string{
			"Hello? Anyone reading this?",
			"I'm about to leave a review if nobody answers today.",
			"Photos attached in my previous message.",
		},
		replies: []string{
			"I'm really sorry, {name}. That's not the experience we want. I've sent you a private message so we can fix this today.",
			"Apologies for the silence, {name}. I've arranged a free replacement {product}; it ships tomorrow with code {code}.",
			"Thank you for telling us. I've shared this with the {city} store manager, who will call you today.",
		},
		closing: []string{"Thanks, replacement is on its way.", "OK, appreciate the quick follow-up."},
	},
	{
		name: "question",
		opening: []string{
			"Do you ship to {city}? And how much would it cost for the {product}?",
			"What are your opening hours on public holidays?",
			"Is the {product} available in blue? Can't find it on the site.",
			"Can I change the delivery address on order #{order}?",
		},
		follow:  []string{"And is there a student discount?", "Thanks! One more thing: gift wrapping?"},
		replies: []string{"Hi {name}! Yes, we ship to {city}; delivery is free over €50.", "Good question, {name}: we're open 10–16 on holidays.", "Yes! Send us the new address in a private message and we'll update #{order}."},
		closing: []string{"Perfect, thank you!", "Great, ordering now."},
	},
}

var firstNames = []string{"Ana", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Giulia", "Hannes", "Inès", "Jonas",
	"Kemal", "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Viktor",
	"Wen", "Ximena", "Yusuf", "Zoë", "Amélie", "Björn", "Cem", "Dana"}

var lastNames = []string{"Martin", "Okafor", "Nguyen", "Schmidt", "García", "Rossi", "Dubois", "Kowalski",
	"Jensen", "Yilmaz", "Silva", "Novak", "O'Brien", "Haddad", "Tanaka", "Müller", "Lefèvre", "Andersen"}

var cities = []string{"Lyon", "Leeds", "Utrecht", "Porto", "Graz", "Gdańsk", "Malmö", "Bilbao", "Cork", "Ghent"}

var products = map[string][]string{
	"bakery":  {"sourdough subscription", "birthday cake", "croissant box", "gift hamper"},
	"bikes":   {"e-bike battery", "city bike", "helmet", "repair voucher"},
	"yoga":    {"10-class pass", "yoga mat", "monthly membership", "workshop ticket"},
	"coffee":  {"espresso machine", "bean subscription", "grinder", "milk frother"},
	"hosting": {"VPS plan", "domain renewal", "backup add-on", "SSL certificate"},
}

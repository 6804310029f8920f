package profile

// The tables in this file are read-only: nothing writes them after the linker lays them out (they
// hold only constants, so no init() work either). They are hand-curated because gofakeit draws make
// and model independently, which gives a "Tesla Camry", and has no notion of dealership documents.

// vehicleModel is a real make/model pair with the options it is actually sold with.
type vehicleModel struct {
	make, model string
	// makeSlug and modelSlug are the URL path segments of imageUrl, precomputed so that generation does
	// no string transformation; a test checks them against slug(make) and slug(model).
	makeSlug, modelSlug string
	wmi                 string // world manufacturer identifier: the first three VIN characters
	bodyStyle           string
	engines, trims      []string
	from, to            int // model years on sale, inclusive
}

var vehicleModels = [...]vehicleModel{
	{"Toyota", "Camry", "toyota", "camry", "4T1", "Sedan", []string{"2.5L I4", "3.5L V6", "2.5L I4 Hybrid"}, []string{"LE", "SE", "XLE", "XSE"}, 2002, 2026},
	{"Toyota", "Corolla", "toyota", "corolla", "5YF", "Sedan", []string{"1.8L I4", "2.0L I4"}, []string{"L", "LE", "SE", "XSE"}, 2002, 2026},
	{"Toyota", "RAV4", "toyota", "rav4", "2T3", "SUV", []string{"2.5L I4", "2.5L I4 Hybrid"}, []string{"LE", "XLE", "XLE Premium", "Adventure", "Limited"}, 2002, 2026},
	{"Toyota", "Tacoma", "toyota", "tacoma", "3TM", "Pickup", []string{"2.7L I4", "3.5L V6", "2.4L I4 Turbo"}, []string{"SR", "SR5", "TRD Sport", "TRD Off-Road", "Limited"}, 2002, 2026},
	{"Toyota", "Highlander", "toyota", "highlander", "5TD", "SUV", []string{"3.5L V6", "2.4L I4 Turbo", "2.5L I4 Hybrid"}, []string{"LE", "XLE", "Limited", "Platinum"}, 2002, 2026},
	{"Toyota", "Sienna", "toyota", "sienna", "5TD", "Minivan", []string{"3.5L V6", "2.5L I4 Hybrid"}, []string{"LE", "XLE", "Limited"}, 2002, 2026},
	{"Toyota", "Prius", "toyota", "prius", "JTD", "Hatchback", []string{"1.8L I4 Hybrid", "2.0L I4 Hybrid"}, []string{"LE", "XLE", "Limited"}, 2004, 2026},
	{"Honda", "Civic", "honda", "civic", "2HG", "Sedan", []string{"2.0L I4", "1.5L I4 Turbo"}, []string{"LX", "Sport", "EX", "Touring"}, 2002, 2026},
	{"Honda", "Accord", "honda", "accord", "1HG", "Sedan", []string{"2.4L I4", "1.5L I4 Turbo", "2.0L I4 Hybrid", "3.5L V6"}, []string{"LX", "Sport", "EX-L", "Touring"}, 2002, 2026},
	{"Honda", "CR-V", "honda", "cr-v", "5J6", "SUV", []string{"2.4L I4", "1.5L I4 Turbo", "2.0L I4 Hybrid"}, []string{"LX", "EX", "EX-L", "Touring"}, 2002, 2026},
	{"Honda", "Pilot", "honda", "pilot", "5FN", "SUV", []string{"3.5L V6"}, []string{"LX", "EX-L", "Touring", "Elite"}, 2003, 2026},
	{"Honda", "Odyssey", "honda", "odyssey", "5FN", "Minivan", []string{"3.5L V6"}, []string{"LX", "EX", "EX-L", "Touring", "Elite"}, 2002, 2026},
	{"Ford", "F-150", "ford", "f-150", "1FT", "Pickup", []string{"3.3L V6", "2.7L V6 EcoBoost", "3.5L V6 EcoBoost", "5.0L V8"}, []string{"XL", "XLT", "Lariat", "King Ranch", "Platinum"}, 2002, 2026},
	{"Ford", "Escape", "ford", "escape", "1FM", "SUV", []string{"1.5L I3 EcoBoost", "2.0L I4 EcoBoost", "2.5L I4 Hybrid"}, []string{"S", "SE", "SEL", "Titanium"}, 2002, 2026},
	{"Ford", "Explorer", "ford", "explorer", "1FM", "SUV", []string{"2.3L I4 EcoBoost", "3.0L V6 EcoBoost", "3.5L V6"}, []string{"XLT", "Limited", "ST", "Platinum"}, 2002, 2026},
	{"Ford", "Mustang", "ford", "mustang", "1FA", "Coupe", []string{"2.3L I4 EcoBoost", "5.0L V8"}, []string{"EcoBoost", "EcoBoost Premium", "GT", "GT Premium"}, 2002, 2026},
	{"Ford", "Bronco", "ford", "bronco", "1FM", "SUV", []string{"2.3L I4 EcoBoost", "2.7L V6 EcoBoost"}, []string{"Big Bend", "Black Diamond", "Outer Banks", "Badlands", "Wildtrak"}, 2021, 2026},
	{"Chevrolet", "Silverado 1500", "chevrolet", "silverado-1500", "1GC", "Pickup", []string{"2.7L I4 Turbo", "5.3L V8", "6.2L V8", "3.0L I6 Diesel"}, []string{"WT", "Custom", "LT", "RST", "LTZ", "High Country"}, 2002, 2026},
	{"Chevrolet", "Equinox", "chevrolet", "equinox", "2GN", "SUV", []string{"2.4L I4", "1.5L I4 Turbo"}, []string{"LS", "LT", "RS", "Premier"}, 2005, 2026},
	{"Chevrolet", "Malibu", "chevrolet", "malibu", "1G1", "Sedan", []string{"1.5L I4 Turbo", "2.0L I4 Turbo"}, []string{"LS", "RS", "LT", "Premier"}, 2002, 2025},
	{"Chevrolet", "Tahoe", "chevrolet", "tahoe", "1GN", "SUV", []string{"5.3L V8", "6.2L V8", "3.0L I6 Diesel"}, []string{"LS", "LT", "RST", "Z71", "Premier", "High Country"}, 2002, 2026},
	{"Nissan", "Altima", "nissan", "altima", "1N4", "Sedan", []string{"2.5L I4", "2.0L I4 VC-Turbo", "3.5L V6"}, []string{"S", "SV", "SR", "SL"}, 2002, 2026},
	{"Nissan", "Rogue", "nissan", "rogue", "5N1", "SUV", []string{"2.5L I4", "1.5L I3 Turbo"}, []string{"S", "SV", "SL", "Platinum"}, 2008, 2026},
	{"Nissan", "Frontier", "nissan", "frontier", "1N6", "Pickup", []string{"2.5L I4", "4.0L V6", "3.8L V6"}, []string{"S", "SV", "PRO-4X"}, 2002, 2026},
	{"Hyundai", "Elantra", "hyundai", "elantra", "5NP", "Sedan", []string{"2.0L I4", "1.6L I4 Turbo", "1.6L I4 Hybrid"}, []string{"SE", "SEL", "N Line", "Limited"}, 2002, 2026},
	{"Hyundai", "Tucson", "hyundai", "tucson", "5NM", "SUV", []string{"2.0L I4", "2.5L I4", "1.6L I4 Turbo Hybrid"}, []string{"SE", "SEL", "N Line", "Limited"}, 2005, 2026},
	{"Hyundai", "Santa Fe", "hyundai", "santa-fe", "5NM", "SUV", []string{"2.5L I4", "2.5L I4 Turbo", "3.5L V6"}, []string{"SE", "SEL", "Limited", "Calligraphy"}, 2002, 2026},
	{"Kia", "Sportage", "kia", "sportage", "KND", "SUV", []string{"2.4L I4", "2.5L I4", "1.6L I4 Turbo Hybrid"}, []string{"LX", "EX", "SX", "X-Line"}, 2005, 2026},
	{"Kia", "Telluride", "kia", "telluride", "5XY", "SUV", []string{"3.8L V6"}, []string{"LX", "S", "EX", "SX", "SX X-Pro"}, 2020, 2026},
	{"Kia", "Forte", "kia", "forte", "3KP", "Sedan", []string{"2.0L I4", "1.6L I4 Turbo"}, []string{"LXS", "GT-Line", "GT"}, 2010, 2024},
	{"Subaru", "Outback", "subaru", "outback", "4S4", "Wagon", []string{"2.5L H4", "2.4L H4 Turbo", "3.6L H6"}, []string{"Base", "Premium", "Limited", "Touring", "Wilderness"}, 2002, 2026},
	{"Subaru", "Forester", "subaru", "forester", "JF2", "SUV", []string{"2.5L H4", "2.0L H4 Turbo"}, []string{"Base", "Premium", "Sport", "Limited", "Touring"}, 2002, 2026},
	{"Subaru", "Crosstrek", "subaru", "crosstrek", "JF2", "Hatchback", []string{"2.0L H4", "2.5L H4"}, []string{"Base", "Premium", "Sport", "Limited"}, 2013, 2026},
	{"Jeep", "Wrangler", "jeep", "wrangler", "1C4", "SUV", []string{"3.6L V6", "2.0L I4 Turbo", "2.0L I4 Turbo PHEV"}, []string{"Sport", "Sport S", "Sahara", "Rubicon"}, 2002, 2026},
	{"Jeep", "Grand Cherokee", "jeep", "grand-cherokee", "1C4", "SUV", []string{"3.6L V6", "5.7L V8", "2.0L I4 Turbo PHEV"}, []string{"Laredo", "Limited", "Overland", "Summit"}, 2002, 2026},
	{"Ram", "1500", "ram", "1500", "1C6", "Pickup", []string{"3.6L V6", "5.7L V8 HEMI", "3.0L I6 Twin-Turbo"}, []string{"Tradesman", "Big Horn", "Laramie", "Rebel", "Limited"}, 2011, 2026},
	{"BMW", "3 Series", "bmw", "3-series", "WBA", "Sedan", []string{"2.0L I4 Turbo", "3.0L I6 Turbo"}, []string{"330i", "330i xDrive", "M340i"}, 2002, 2026},
	{"BMW", "X5", "bmw", "x5", "5UX", "SUV", []string{"3.0L I6 Turbo", "4.4L V8 Twin-Turbo"}, []string{"sDrive40i", "xDrive40i", "M60i"}, 2002, 2026},
	{"Mercedes-Benz", "C-Class", "mercedes-benz", "c-class", "WDD", "Sedan", []string{"2.0L I4 Turbo", "3.0L I6 Turbo"}, []string{"C 300", "C 300 4MATIC", "AMG C 43"}, 2002, 2026},
	{"Mercedes-Benz", "GLE", "mercedes-benz", "gle", "4JG", "SUV", []string{"2.0L I4 Turbo", "3.0L I6 Turbo"}, []string{"GLE 350", "GLE 450 4MATIC", "AMG GLE 53"}, 2016, 2026},
	{"Volkswagen", "Jetta", "volkswagen", "jetta", "3VW", "Sedan", []string{"1.4L I4 Turbo", "1.5L I4 Turbo", "2.0L I4 Turbo"}, []string{"S", "Sport", "SE", "SEL"}, 2002, 2026},
	{"Volkswagen", "Tiguan", "volkswagen", "tiguan", "3VV", "SUV", []string{"2.0L I4 Turbo"}, []string{"S", "SE", "SE R-Line", "SEL R-Line"}, 2009, 2026},
	{"Mazda", "CX-5", "mazda", "cx-5", "JM3", "SUV", []string{"2.5L I4", "2.5L I4 Turbo"}, []string{"Sport", "Touring", "Carbon Edition", "Grand Touring"}, 2013, 2026},
	{"Mazda", "Mazda3", "mazda", "mazda3", "3MZ", "Hatchback", []string{"2.0L I4", "2.5L I4", "2.5L I4 Turbo"}, []string{"Select", "Preferred", "Premium"}, 2004, 2026},
	{"Tesla", "Model 3", "tesla", "model-3", "5YJ", "Sedan", []string{"Electric RWD", "Electric Dual Motor AWD"}, []string{"Standard Range", "Long Range", "Performance"}, 2017, 2026},
	{"Tesla", "Model Y", "tesla", "model-y", "7SA", "SUV", []string{"Electric RWD", "Electric Dual Motor AWD"}, []string{"Long Range", "Performance"}, 2020, 2026},
}

// Document actions: what the customer has to do with an item.
const (
	actionUpload = "UPLOAD"
	actionSign   = "SIGN"
	actionVerify = "VERIFY"
)

// docKind is a kind of document a dealership collects.
type docKind struct {
	typ, name, action, description, fileText string
	slug                                     string // file name of fileUrl
	required, maintainHistory, backPage      bool
	// coBuyer marks documents only a deal with a co-owner asks for: they go last so that a customer
	// without co-owners gets them only when the items count exceeds every other kind.
	coBuyer bool
}

var docKinds = [...]docKind{
	{"DRIVERS_LICENSE", "Driver's License", actionUpload,
		"A valid, unexpired driver's license for the primary buyer.",
		"Take a clear photo of the front and back of your driver's license.",
		"drivers-license", true, true, true, false},
	{"INSURANCE_CARD", "Proof of Insurance", actionUpload,
		"A current auto insurance card showing the policy number and effective dates.",
		"Upload both sides of your insurance card and make sure the policy number is readable.",
		"insurance-card", true, true, true, false},
	{"VEHICLE_REGISTRATION", "Vehicle Registration", actionUpload,
		"The current registration of the vehicle being traded in or serviced.",
		"Upload a photo or scan of your current registration card.",
		"vehicle-registration", false, true, false, false},
	{"CREDIT_APPLICATION", "Credit Application", actionSign,
		"A signed credit application that authorizes the dealership to request financing.",
		"Review every page of the application and sign where indicated.",
		"credit-application", true, true, false, false},
	{"PROOF_OF_INCOME", "Proof of Income", actionUpload,
		"Recent pay stubs or tax documents that show the buyer's income.",
		"Upload your two most recent pay stubs.",
		"proof-of-income", false, false, false, false},
	{"PROOF_OF_RESIDENCE", "Proof of Residence", actionUpload,
		"A utility bill or bank statement from the last 30 days showing the current address.",
		"Upload a utility bill dated within the last 30 days that shows your name and address.",
		"proof-of-residence", false, false, false, false},
	{"TRADE_IN_TITLE", "Trade-in Title", actionUpload,
		"The title of the vehicle being traded in, signed over to the dealership.",
		"Photograph the title after signing the seller section.",
		"trade-in-title", false, true, false, false},
	{"BUYERS_ORDER", "Signed Buyer's Order", actionSign,
		"The buyer's order listing the vehicle, price, taxes and fees, signed by the buyer.",
		"Check the price, taxes and fees, then sign the buyer's order.",
		"buyers-order", true, true, false, false},
	{"ODOMETER_DISCLOSURE", "Odometer Disclosure Statement", actionSign,
		"The federal odometer disclosure statement for the vehicle being purchased.",
		"Confirm the mileage shown and sign the odometer disclosure.",
		"odometer-disclosure", true, true, false, false},
	{"PAYOFF_LETTER", "Loan Payoff Letter", actionUpload,
		"A letter from the lender stating the payoff amount of the trade-in loan.",
		"Upload the payoff letter from your lender; it must be less than 10 days old.",
		"payoff-letter", false, false, false, false},
	{"IDENTITY_VERIFICATION", "Identity Verification", actionVerify,
		"A selfie matched against the driver's license to confirm the buyer's identity.",
		"Take a selfie in good light, without a hat or sunglasses.",
		"identity-verification", false, false, false, false},
	{"CO_BUYER_ID", "Co-Buyer Driver's License", actionUpload,
		"A valid, unexpired driver's license for the co-buyer on the deal.",
		"Ask your co-buyer to photograph the front and back of their driver's license.",
		"co-buyer-drivers-license", false, true, true, true},
}

// Reasons an associate gives when sending a document back or declining it, by what the customer did.
var (
	uploadReasons = [...]string{
		"Image is blurry",
		"Document expired",
		"Name does not match the profile",
		"Part of the document is cut off",
		"Glare covers the document number",
		"Wrong document uploaded",
	}
	backPageReasons = [...]string{
		"Back of the card is missing",
		"Image is blurry",
		"Document expired",
		"Name does not match the profile",
	}
	signReasons = [...]string{
		"Signature missing",
		"Initials missing on page 2",
		"Signed by someone other than the buyer",
		"Date missing next to the signature",
	}
	verifyReasons = [...]string{
		"Selfie does not match the license photo",
		"Face not fully visible",
		"Photo is too dark",
	}
)

// reasons returns the refusal reasons that fit the document kind.
func (k *docKind) reasons() []string {
	switch {
	case k.action == actionSign:
		return signReasons[:]
	case k.action == actionVerify:
		return verifyReasons[:]
	case k.backPage:
		return backPageReasons[:]
	}
	return uploadReasons[:]
}

// attributeKind is a key of customerProfileDataRequestDTO.attributes and how to make its value.
type attributeKind struct {
	key    string
	values []string // drawn from when non-empty; otherwise the value is generated (see gen.attributes)
}

var attributeKinds = [...]attributeKind{
	{"preferredLanguage", []string{"en-US", "en-US", "en-US", "es-US", "fr-CA", "zh-CN", "vi-VN", "ko-KR"}},
	{"source", []string{"WEBSITE", "WALK_IN", "PHONE", "REFERRAL", "THIRD_PARTY_LEAD", "SERVICE_DRIVE"}},
	{"leadId", nil},
	{"salesPerson", nil},
	{"appointmentDate", nil},
	{"contactPreference", []string{"EMAIL", "PHONE", "TEXT"}},
	{"financeType", []string{"FINANCE", "FINANCE", "LEASE", "CASH"}},
	{"tradeIn", []string{"true", "false"}},
	{"marketingOptIn", []string{"true", "false", "false"}},
	{"crmCustomerId", nil},
	{"stockNumber", nil},
	{"timeZone", []string{"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles"}},
}

// dealerCities are US cities a dealership name can carry; gofakeit's city list has entries such as
// "Louisville/Jefferson" that no dealership is named after.
var dealerCities = [...]string{
	"Austin", "Denver", "Phoenix", "Columbus", "Nashville", "Charlotte", "Tampa", "Sacramento",
	"Raleigh", "Boise", "Omaha", "Tulsa", "Madison", "Spokane", "Scottsdale", "Plano",
	"Naperville", "Fort Worth", "San Antonio", "Orlando", "Richmond", "Louisville", "Albuquerque", "Reno",
	"Salt Lake City", "Des Moines", "Kansas City", "Chattanooga", "Greenville", "Pasadena",
}

// personalMailDomains are weighted by repetition towards the providers most customers use.
var personalMailDomains = [...]string{
	"gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com", "outlook.com",
	"hotmail.com", "icloud.com", "icloud.com", "aol.com", "comcast.net", "att.net", "proton.me",
}

// nameText is a name as shown, with the ASCII spelling an email address is made from.
type nameText struct{ text, ascii string }

// culture is a pool of given and family names that go together, so that a generated person is
// "Zoë Müller" or "佐藤 花子", never half of each.
type culture struct {
	given, family []nameText
	familyFirst   bool // the full name is written family name first, as in Chinese, Japanese, Korean and Vietnamese
}

var unicodeCultures = [...]culture{
	{ // Spanish
		given:  []nameText{{"José", "jose"}, {"María", "maria"}, {"Sofía", "sofia"}, {"Andrés", "andres"}, {"Lucía", "lucia"}, {"Martín", "martin"}, {"Ramón", "ramon"}, {"Inés", "ines"}},
		family: []nameText{{"Álvarez", "alvarez"}, {"Peña", "pena"}, {"Núñez", "nunez"}, {"Gómez", "gomez"}, {"Muñoz", "munoz"}, {"Pérez", "perez"}, {"Ibáñez", "ibanez"}, {"Hernández", "hernandez"}},
	},
	{ // German, French and Nordic
		given:  []nameText{{"Zoë", "zoe"}, {"Jürgen", "juergen"}, {"Françoise", "francoise"}, {"Søren", "soren"}, {"Björn", "bjorn"}, {"Chloé", "chloe"}, {"Anaïs", "anais"}, {"Jörg", "joerg"}},
		family: []nameText{{"Müller", "mueller"}, {"Schäfer", "schaefer"}, {"Lefèvre", "lefevre"}, {"Ødegård", "odegard"}, {"Åström", "astrom"}, {"Weiß", "weiss"}, {"Bélanger", "belanger"}, {"Göransson", "goransson"}},
	},
	{ // Vietnamese
		given:       []nameText{{"Hương", "huong"}, {"Minh", "minh"}, {"Thảo", "thao"}, {"Quốc", "quoc"}, {"Ngọc", "ngoc"}, {"Đức", "duc"}},
		family:      []nameText{{"Nguyễn", "nguyen"}, {"Trần", "tran"}, {"Lê", "le"}, {"Phạm", "pham"}, {"Đặng", "dang"}},
		familyFirst: true,
	},
	{ // Chinese
		given:       []nameText{{"伟", "wei"}, {"芳", "fang"}, {"秀英", "xiuying"}, {"静", "jing"}, {"强", "qiang"}, {"磊", "lei"}, {"敏", "min"}, {"洋", "yang"}},
		family:      []nameText{{"李", "li"}, {"王", "wang"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"}},
		familyFirst: true,
	},
	{ // Japanese
		given:       []nameText{{"花子", "hanako"}, {"太郎", "taro"}, {"陽翔", "haruto"}, {"結衣", "yui"}, {"翔太", "shota"}, {"美咲", "misaki"}},
		family:      []nameText{{"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}, {"田中", "tanaka"}, {"渡辺", "watanabe"}, {"伊藤", "ito"}},
		familyFirst: true,
	},
	{ // Korean
		given:       []nameText{{"민준", "minjun"}, {"서연", "seoyeon"}, {"지호", "jiho"}, {"하은", "haeun"}, {"도윤", "doyun"}},
		family:      []nameText{{"김", "kim"}, {"이", "lee"}, {"박", "park"}, {"최", "choi"}, {"정", "jung"}},
		familyFirst: true,
	},
	{ // Arabic
		given:  []nameText{{"محمد", "mohammed"}, {"فاطمة", "fatima"}, {"أحمد", "ahmed"}, {"ليلى", "layla"}, {"يوسف", "youssef"}, {"مريم", "maryam"}},
		family: []nameText{{"الأحمد", "alahmad"}, {"الحسن", "alhassan"}, {"منصور", "mansour"}, {"حداد", "haddad"}, {"الخطيب", "alkhatib"}, {"العلي", "alali"}},
	},
	{ // Hebrew
		given:  []nameText{{"דוד", "david"}, {"שרה", "sarah"}, {"יוסף", "yosef"}, {"מיכל", "michal"}, {"נועה", "noa"}, {"אברהם", "avraham"}},
		family: []nameText{{"כהן", "cohen"}, {"לוי", "levi"}, {"מזרחי", "mizrahi"}, {"פרץ", "peretz"}, {"ביטון", "biton"}, {"אברהמי", "avrahami"}},
	},
}

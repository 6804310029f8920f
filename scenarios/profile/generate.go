// Package profile generates the customer profiles the mock serves: the complete 200 body of
// getCustomerProfileData as a pure, deterministic function of (seed, department, token, shape).
// It knows nothing of HTTP; it never reads the clock or any global random source.
package profile

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/brianvoe/gofakeit/v7"
)

// referenceYear stands in for "this year", so that "the last 25 years" means the same on any day.
const referenceYear = 2026

// oldestModelYear is the oldest model year a generated vehicle has: the last 25 model years, inclusive.
const oldestModelYear = referenceYear - 24

// Reviews happen between 2024-01-01T00:00:00Z and 2026-06-30T23:59:59Z, and appointments between
// 2026-01-05 and 2026-06-30: fixed windows instead of the clock.
const (
	reviewsFrom      = 1704067200
	reviewsTo        = 1782863999
	appointmentsFrom = 1767571200
	reviewGapMin     = 3600           // an hour: the customer re-uploads, then someone looks again
	reviewGapMax     = 10 * 24 * 3600 // ten days
)

// Sections of the generation. Each reseeds the random stream from the inputs and its own number, so a
// part of the profile does not change when the shape of another part does: the same token keeps the
// same customer name whether the scenario asks for three items or six.
const (
	secCustomer uint64 = iota + 1
	secDealer
	secRequest
	secComms
	secVehicles
	secCoOwners
	secStaff
	secItems
	secAttributes
	secCount = 0x100 // or'ed with a section: the draw of that section's count
)

// Communication types and labels.
const (
	commEmail   = "EMAIL"
	commPhone   = "PHONE"
	commText    = "TEXT"
	labelHome   = "home"
	labelWork   = "work"
	labelMobile = "mobile"
)

// Generate returns the complete 200 body for (seed, departmentUUID, token, shape). Deterministic: the
// same inputs give a deeply equal Response, and byte-identical JSON, in any process, on any day. It never
// panics on any input strings; a shape Validate would refuse is clamped to the nearest valid one.
func Generate(seed uint64, departmentUUID, token string, shape Shape) *Response {
	g := &gen{key: inputKey(seed, departmentUUID, token), shape: shape.clamped(), dept: departmentUUID}
	// An unlocked faker on our own PCG: it never leaves this call, so gofakeit's mutex would only cost
	// time, and reseeding the PCG per section is how the sections stay independent.
	g.f = gofakeit.NewFaker(&g.pcg, false)
	return g.generate()
}

// inputKey hashes the inputs with FNV-1a 64. Each string is prefixed with its length so that
// ("ab", "c") and ("a", "bc") give different keys.
func inputKey(seed uint64, departmentUUID, token string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	word := func(v uint64) {
		for i := 0; i < 8; i++ {
			h ^= v & 0xff
			h *= prime
			v >>= 8
		}
	}
	text := func(s string) {
		word(uint64(len(s)))
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
	}
	word(seed)
	text(departmentUUID)
	text(token)
	if h == 0 {
		// gofakeit treats a zero seed as "seed from crypto/rand"; we never pass it one, but keep the
		// key non-zero anyway so that no seed derived from it degenerates.
		h = 0x9e3779b97f4a7c15
	}
	return h
}

// mix is the splitmix64 finaliser: it spreads the FNV key, whose low bits avalanche poorly, over the
// PCG state.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// span is a string under construction: a range of gen.buf.
type span struct{ off, end int }

// fixup says which field gets which span once the buffer is final.
type fixup struct {
	dst *string
	sp  span
}

// staffMember is a dealer associate: associates approve items and write the reviews, so the same
// person appears with the same id, uuid and name all over a profile.
type staffMember struct {
	id      int64
	uuid    span
	name    span
	isValid bool
}

// attrValue is an attribute value waiting for the buffer: either a table value or a span.
type attrValue struct {
	key, text string
	sp        span
	dynamic   bool
}

// person is a generated name; the ASCII spellings are what email addresses are made from.
type person struct {
	first, last nameText
	culture     int // index in unicodeCultures, or -1 for gofakeit's names
}

// gen holds the state of one Generate call.
//
// Every generated string (uuids, emails, VINs, dates...) is appended to one buffer and the fields are
// pointed at it at the end: one allocation for some hundred strings, which is what keeps generation
// cheap enough to run on every request.
type gen struct {
	pcg   rand.PCG
	f     *gofakeit.Faker
	key   uint64
	shape Shape
	dept  string

	buf []byte
	fix []fixup

	customer person
	company  string
	custID   int64
	coOwners int
	staff    []staffMember
	attrs    [maxAttributes]attrValue
	nattrs   int

	// The backing arrays of every item's associates and reviews (see items).
	assoc   []DealerAssociate
	reviews []Review
}

// section restarts the random stream at the start of one part of the profile (see secCustomer).
func (g *gen) section(sec uint64) {
	s1 := mix(g.key ^ mix(sec))
	g.pcg.Seed(s1, mix(s1))
}

// count draws a count in r for section sec from its own stream, so that the count of one part does
// not depend on what another part drew.
func (g *gen) count(sec uint64, r Range) int {
	if g.shape.Minimal {
		return 0
	}
	g.section(sec | secCount)
	return r.Min + g.f.IntN(r.Max-r.Min+1)
}

// between returns a number in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.f.IntN(hi-lo+1) }

// chance reports true with probability pct percent.
func (g *gen) chance(pct int) bool { return g.f.IntN(100) < pct }

func (g *gen) mark() int            { return len(g.buf) }
func (g *gen) since(start int) span { return span{start, len(g.buf)} }

// set points *dst at sp once the buffer is final (see finish).
func (g *gen) set(dst *string, sp span) { g.fix = append(g.fix, fixup{dst, sp}) }

// uuid appends a version 4 UUID drawn from the faker, byte for byte what (*gofakeit.Faker).UUID would
// return, in canonical lowercase 8-4-4-4-12 form.
func (g *gen) uuid() span {
	const hex = "0123456789abcdef"
	var u [16]byte
	r := g.f.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(r)
		r >>= 8
	}
	r = g.f.Uint64()
	for i := 8; i < 16; i++ {
		u[i] = byte(r)
		r >>= 8
	}
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	start := g.mark()
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			g.buf = append(g.buf, '-')
		}
		g.buf = append(g.buf, hex[b>>4], hex[b&0x0f])
	}
	return g.since(start)
}

func (g *gen) generate() *Response {
	s := &g.shape
	nComms := g.count(secComms, s.Communications)
	nVehicles := g.count(secVehicles, s.Vehicles)
	g.coOwners = g.count(secCoOwners, s.CoOwners)
	nItems := g.count(secItems, s.Items)
	g.nattrs = g.count(secAttributes, s.Attributes)
	maxReviews := s.ReviewRounds.Max + 1

	// Sized for the expected body so that the buffer rarely grows; growing would only cost time.
	g.buf = make([]byte, 0, 256+nComms*40+nVehicles*200+g.coOwners*80+nItems*(300+maxReviews*20)+g.nattrs*24)
	g.fix = make([]fixup, 0, 8+nComms+nVehicles*4+g.coOwners*2+nItems*(10+maxReviews*3))

	// Empty, not nil: the contract wants arrays, and the scenario engine appends its warnings here.
	r := &Response{Errors: []ProfileError{}, Warnings: []Warning{}}
	p := &r.CustomerProfileDataRequestDTO
	p.DepartmentUUID = g.dept
	g.customerInfo(&p.CustomerInfo)
	g.dealer(&p.DealerInfo)
	g.section(secRequest)
	g.set(&p.VaultDataRequestUUID, g.uuid())
	p.CustomerInfo.Communications = g.communications(nComms)
	vehicles, pick := g.vehicles(nVehicles)
	p.CustomerInfo.Vehicles = vehicles
	p.CustomerInfo.SecondaryCustomerData = g.secondaryCustomers(g.coOwners)
	if nItems > 0 || g.nattrs > 0 {
		g.staffPool()
	}
	p.Items = g.items(nItems)
	g.attributes()

	final := g.finish()
	if pick >= 0 {
		// Copied after finish: before it, the vehicle's strings are still spans.
		p.VehicleInfo = vehicles[pick]
	}
	p.Attributes = make(map[string]string, g.nattrs)
	for _, a := range g.attrs[:g.nattrs] {
		if a.dynamic {
			p.Attributes[a.key] = final[a.sp.off:a.sp.end]
		} else {
			p.Attributes[a.key] = a.text
		}
	}
	return r
}

// finish turns the buffer into one string and points every pending field at its part of it.
func (g *gen) finish() string {
	s := string(g.buf)
	for _, x := range g.fix {
		*x.dst = s[x.sp.off:x.sp.end]
	}
	return s
}

func (g *gen) customerInfo(c *CustomerInfo) {
	g.section(secCustomer)
	// Ids first, text after: a minimal profile then has the same ids as the full one.
	g.custID = int64(g.between(100_000, 99_999_999))
	c.ID = g.custID
	c.DealerID = int64(g.between(1_000, 99_999))
	g.set(&c.CustomerKey, g.uuid())
	g.set(&c.UUID, g.uuid())
	if g.shape.Minimal {
		return
	}
	g.customer = g.person()
	c.Fname, c.Lname = g.customer.first.text, g.customer.last.text
	if !g.chance(34) {
		g.company = g.f.Company()
	}
	c.Company = g.company
}

// person draws a name from the shape's pool.
func (g *gen) person() person {
	if g.shape.Names == NamesUnicode {
		return g.personOf(g.f.IntN(len(unicodeCultures)))
	}
	return g.personOf(-1)
}

// personOf draws a name from one culture of the Unicode pool, or from gofakeit's for culture -1.
func (g *gen) personOf(c int) person {
	if c < 0 {
		first, last := g.f.FirstName(), g.f.LastName()
		return person{nameText{first, first}, nameText{last, last}, -1}
	}
	cu := &unicodeCultures[c]
	return person{cu.given[g.f.IntN(len(cu.given))], cu.family[g.f.IntN(len(cu.family))], c}
}

// fullName appends the name as people write it: family name first where that is the custom.
func (g *gen) fullName(p person) span {
	start := g.mark()
	first, second := p.first.text, p.last.text
	if p.culture >= 0 && unicodeCultures[p.culture].familyFirst {
		first, second = second, first
	}
	g.buf = append(g.buf, first...)
	g.buf = append(g.buf, ' ')
	g.buf = append(g.buf, second...)
	return g.since(start)
}

func (g *gen) dealer(d *DealerInfo) {
	g.section(secDealer)
	g.set(&d.DealerUUID, g.uuid())
	if g.shape.Minimal {
		return
	}
	brand := vehicleModels[g.f.IntN(len(vehicleModels))].make
	city := dealerCities[g.f.IntN(len(dealerCities))]
	surname := g.f.LastName()
	start := g.mark()
	switch g.f.IntN(6) {
	case 0:
		g.buf = append(append(append(append(append(g.buf, surname...), ' '), brand...), " of "...), city...)
	case 1:
		g.buf = append(append(append(g.buf, city...), ' '), brand...)
	case 2:
		g.buf = append(append(g.buf, surname...), " Motors"...)
	case 3:
		g.buf = append(append(g.buf, city...), " Auto Group"...)
	case 4:
		g.buf = append(append(append(g.buf, surname...), ' '), brand...)
	default:
		g.buf = append(append(append(g.buf, brand...), " of "...), city...)
	}
	g.set(&d.Name, g.since(start))
}

// communications returns n ways to reach the customer. The first is an email address, the second a
// phone number; each type present has exactly one preferred entry, as the CRM enforces.
func (g *gen) communications(n int) []Communication {
	g.section(secComms)
	cs := make([]Communication, n)
	id := int64(g.between(1_000_000, 9_999_999))
	var taken [4]span
	emails := taken[:0] // compared to keep addresses unique; rarely more than two
	mobile := span{-1, -1}
	var perType [3]int // EMAIL, PHONE, TEXT
	for i := range cs {
		c := &cs[i]
		c.ID = id
		id += int64(g.between(1, 40))
		var t int
		switch {
		case i == 0:
			t = 0
		case i == 1:
			t = 1
		default:
			t = g.f.IntN(3)
		}
		perType[t]++
		switch t {
		case 0:
			c.CommType = commEmail
			c.CommLabel = labelHome
			if g.company != "" && g.chance(40) {
				c.CommLabel = labelWork
			}
			sp := g.email(c.CommLabel == labelWork, emails)
			emails = append(emails, sp)
			g.set(&c.CommValue, sp)
		case 1:
			c.CommType = commPhone
			switch g.f.IntN(10) {
			case 0, 1, 2:
				c.CommLabel = labelHome
			case 3:
				c.CommLabel = labelWork
			default:
				c.CommLabel = labelMobile
			}
			sp := g.phone()
			if c.CommLabel == labelMobile {
				mobile = sp
			}
			g.set(&c.CommValue, sp)
		default:
			c.CommType = commText
			c.CommLabel = labelMobile
			// Texts mostly go to the mobile number already on file.
			sp := mobile
			if sp.off < 0 || g.chance(30) {
				sp = g.phone()
			}
			g.set(&c.CommValue, sp)
		}
	}
	var preferred [3]int
	for t, k := range perType {
		preferred[t] = g.f.IntN(max(k, 1))
	}
	var seen [3]int
	for i := range cs {
		t := 0
		switch cs[i].CommType {
		case commPhone:
			t = 1
		case commText:
			t = 2
		}
		cs[i].Preferred = seen[t] == preferred[t]
		seen[t]++
	}
	return cs
}

// email appends an address made from the customer's name, at their employer's domain for a work
// address, and returns its span. It differs from every address in taken.
func (g *gen) email(work bool, taken []span) span {
	p := g.customer
	start := g.mark()
	first, last := p.first.ascii, p.last.ascii
	switch g.f.IntN(7) {
	case 0: // jane.doe
		g.buf = appendHandle(g.buf, first, 0)
		g.buf = append(g.buf, '.')
		g.buf = appendHandle(g.buf, last, 0)
	case 1: // jdoe
		g.buf = appendHandle(g.buf, first, 1)
		g.buf = appendHandle(g.buf, last, 0)
	case 2: // janedoe
		g.buf = appendHandle(g.buf, first, 0)
		g.buf = appendHandle(g.buf, last, 0)
	case 3: // jane.doe84
		g.buf = appendHandle(g.buf, first, 0)
		g.buf = append(g.buf, '.')
		g.buf = appendHandle(g.buf, last, 0)
		g.buf = g.appendBirthYear(g.buf)
	case 4: // jdoe84
		g.buf = appendHandle(g.buf, first, 1)
		g.buf = appendHandle(g.buf, last, 0)
		g.buf = g.appendBirthYear(g.buf)
	case 5: // jane_doe
		g.buf = appendHandle(g.buf, first, 0)
		g.buf = append(g.buf, '_')
		g.buf = appendHandle(g.buf, last, 0)
	default: // doe.jane
		g.buf = appendHandle(g.buf, last, 0)
		g.buf = append(g.buf, '.')
		g.buf = appendHandle(g.buf, first, 0)
	}
	if g.mark() == start {
		// Only reachable with a name that has no ASCII letter at all; tables never have one.
		g.buf = append(g.buf, "customer"...)
	}
	// A second address of the same style would repeat the first: number it instead.
	for n := 2; ; n++ {
		local := g.buf[start:]
		clash := false
		for _, t := range taken {
			if tl := g.buf[t.off:t.end]; len(tl) > len(local) && tl[len(local)] == '@' && string(tl[:len(local)]) == string(local) {
				clash = true
				break
			}
		}
		if !clash {
			break
		}
		g.buf = strconv.AppendInt(g.buf, int64(n), 10)
	}
	g.buf = append(g.buf, '@')
	domainStart := g.mark()
	if work {
		g.buf = appendDomainLabel(g.buf, g.company)
		if g.mark() > domainStart {
			g.buf = append(g.buf, ".com"...)
		}
	}
	if g.mark() == domainStart {
		g.buf = append(g.buf, personalMailDomains[g.f.IntN(len(personalMailDomains))]...)
	}
	return g.since(start)
}

// appendBirthYear appends the two-digit year people put in their handle: born 1950-2005.
func (g *gen) appendBirthYear(dst []byte) []byte {
	y := g.between(50, 105) % 100
	return append(dst, byte('0'+y/10), byte('0'+y%10))
}

// appendHandle appends s lowercased, keeping only ASCII letters and digits (limit > 0 keeps at most
// limit of them), so that an address is valid whatever the name.
func appendHandle(dst []byte, s string, limit int) []byte {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			continue
		}
		dst = append(dst, c)
		n++
		if n == limit {
			break
		}
	}
	return dst
}

// appendDomainLabel appends a domain label made from a company name: "Dow Jones & Co." gives
// "dowjonesco". It stops at the first comma or parenthesis, where legal forms and asides begin.
func appendDomainLabel(dst []byte, company string) []byte {
	start := len(dst)
	for i := 0; i < len(company) && len(dst)-start < 24; i++ {
		c := company[i]
		if c == ',' || c == '(' {
			break
		}
		switch {
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			dst = append(dst, c)
		}
	}
	return dst
}

// phone appends a North American number in E.164 form, +1NPANXXXXXX, and returns its span.
func (g *gen) phone() span {
	start := g.mark()
	// Area code: no N11 service codes, no middle 9 (reserved for expansion).
	a1, a2, a3 := g.between(2, 9), g.f.IntN(9), g.f.IntN(10)
	if a2 == 1 && a3 == 1 {
		a3 = 0
	}
	// Exchange: no N11 and no 555, the one everybody recognises as fake.
	e1, e2, e3 := g.between(2, 9), g.f.IntN(10), g.f.IntN(10)
	if e2 == 1 && e3 == 1 {
		e3 = 2
	}
	if e1 == 5 && e2 == 5 && e3 == 5 {
		e3 = 4
	}
	line := g.f.IntN(10000)
	g.buf = append(g.buf, '+', '1',
		byte('0'+a1), byte('0'+a2), byte('0'+a3),
		byte('0'+e1), byte('0'+e2), byte('0'+e3),
		byte('0'+line/1000), byte('0'+line/100%10), byte('0'+line/10%10), byte('0'+line%10))
	return g.since(start)
}

// yearText holds the model years as text, so that a year string is a slice of a constant.
const yearText = "2002200320042005200620072008200920102011201220132014201520162017201820192020202120222023202420252026"

// vehicles returns n vehicles and the index of the one the request is about (-1 when there is none).
func (g *gen) vehicles(n int) ([]Vehicle, int) {
	g.section(secVehicles)
	vs := make([]Vehicle, n)
	id := int64(g.between(100_000, 999_999))
	for i := range vs {
		v := &vs[i]
		m := &vehicleModels[g.f.IntN(len(vehicleModels))]
		year := g.between(max(m.from, oldestModelYear), min(m.to, referenceYear))
		yi := (year - oldestModelYear) * 4
		v.Model, v.Make, v.BodyStyle = m.model, m.make, m.bodyStyle
		v.Year = yearText[yi : yi+4]
		v.Engine = m.engines[g.f.IntN(len(m.engines))]
		v.Trim = m.trims[g.f.IntN(len(m.trims))]
		start := g.mark()
		g.buf = g.appendVIN(g.buf, m.wmi, year)
		g.set(&v.VIN, g.since(start))
		v.ID = id
		id += int64(g.between(1, 5_000))
		v.IsValid = g.chance(92)
		g.set(&v.UUID, g.uuid())
		g.set(&v.VehicleKey, g.uuid())
		start = g.mark()
		g.buf = append(g.buf, "https://images.example-dealer-cdn.com/vehicles/"...)
		g.buf = append(append(g.buf, m.makeSlug...), '/')
		g.buf = append(append(g.buf, m.modelSlug...), '/')
		g.buf = append(append(g.buf, v.Year...), ".jpg"...)
		g.set(&v.ImageURL, g.since(start))
	}
	if n == 0 {
		return vs, -1
	}
	return vs, g.f.IntN(n)
}

// secondaryCustomers returns n co-owners: often a spouse who shares the family name.
func (g *gen) secondaryCustomers(n int) []SecondaryCustomer {
	g.section(secCoOwners)
	ss := make([]SecondaryCustomer, n)
	id := g.custID
	for i := range ss {
		s := &ss[i]
		id += int64(g.between(1, 250_000))
		s.CustomerID = id
		g.set(&s.CustomerKey, g.uuid())
		g.set(&s.GUID, g.uuid())
		p := g.personOf(g.customer.culture)
		if g.chance(50) {
			p.last = g.customer.last
		}
		s.Fname, s.Lname = p.first.text, p.last.text
	}
	return ss
}

// staffPool makes the dealership's associates: two to five people who approve items and sell cars.
func (g *gen) staffPool() {
	g.section(secStaff)
	g.staff = make([]staffMember, g.between(2, 5))
	id := int64(g.between(10_000, 99_999))
	for i := range g.staff {
		m := &g.staff[i]
		m.id = id
		id += int64(g.between(1, 900))
		m.uuid = g.uuid()
		m.isValid = g.chance(92)
		m.name = g.fullName(g.person())
	}
}

// items returns n vault documents. Kinds do not repeat until every kind is used; each status comes
// with the history it implies (see item).
func (g *gen) items(n int) []Item {
	g.section(secItems)
	items := make([]Item, n)
	if n == 0 {
		return items
	}
	var order [len(docKinds)]int
	for i := range order {
		order[i] = i
	}
	for i := len(order) - 1; i > 0; i-- {
		j := g.f.IntN(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	if g.coOwners == 0 {
		// Without a co-owner, co-buyer documents come last (stable partition).
		k := 0
		var tail [len(docKinds)]int
		t := 0
		for _, o := range order {
			if docKinds[o].coBuyer {
				tail[t] = o
				t++
			} else {
				order[k] = o
				k++
			}
		}
		copy(order[k:], tail[:t])
	}
	// One backing array for all associates and one for all reviews, cut into full slices (len == cap)
	// so that a caller appending to one item's list cannot overwrite the next item's.
	// The capacities are upper bounds (at most three associates and ReviewRounds.Max+1 reviews per
	// item): the arrays must never be reallocated, since fixups point into them.
	g.assoc = make([]DealerAssociate, 0, n*3)
	g.reviews = make([]Review, 0, n*(g.shape.ReviewRounds.Max+1))
	for i := range items {
		g.item(&items[i], i, &docKinds[order[i%len(order)]])
	}
	return items
}

// item fills in one document. SCHEDULED and REQUESTED items have nothing uploaded and no reviews;
// PENDING_APPROVAL ones have an upload waiting for one of their associates; COMPLETED and DECLINED
// ones have 0..ReviewRounds REQUESTED_AGAIN rounds, then the final review that gave them their status.
func (g *gen) item(it *Item, i int, k *docKind) {
	g.set(&it.UUID, g.uuid())
	g.set(&it.VaultSupportedDataUUID, g.uuid())
	meta := g.uuid()
	g.set(&it.DealerSupportedItemMetaData.DealerSupportedItemUUID, meta)

	it.Type, it.Name, it.Action, it.Description = k.typ, k.name, k.action, k.description
	it.Required, it.MaintainHistory, it.IsBackPageSupported = k.required, k.maintainHistory, k.backPage
	it.DealerSupportedItemMetaData.FileText = k.fileText
	start := g.mark()
	g.buf = append(g.buf, "https://files.example-dealer-cdn.com/dealer-items/"...)
	g.buf = append(g.buf, g.buf[meta.off:meta.end]...)
	g.buf = append(append(append(g.buf, '/'), k.slug...), ".pdf"...)
	g.set(&it.DealerSupportedItemMetaData.FileURL, g.since(start))

	if st := g.shape.Statuses; len(st) > 0 {
		it.Status = st[i%len(st)]
	} else {
		it.Status = itemStatus(g.f.IntN(5))
	}
	uploaded := it.Status == StatusPendingApproval || it.Status == StatusCompleted || it.Status == StatusDeclined

	// Associates: an uploaded document needs someone to approve it.
	most := min(3, len(g.staff))
	na := 0
	if uploaded || g.chance(50) {
		na = g.between(1, most)
	}
	var pick [5]int
	for j := range pick {
		pick[j] = j
	}
	for j := 0; j < na; j++ {
		r := j + g.f.IntN(len(g.staff)-j)
		pick[j], pick[r] = pick[r], pick[j]
	}
	from := len(g.assoc)
	for j := 0; j < na; j++ {
		m := &g.staff[pick[j]]
		g.assoc = append(g.assoc, DealerAssociate{ID: m.id, DepartmentUUID: g.dept, IsValid: m.isValid})
		a := &g.assoc[len(g.assoc)-1]
		g.set(&a.UserUUID, m.uuid)
		g.set(&a.DealerSupportedItemUUID, meta)
	}
	it.DealerAssociatesWithApprovalAuthority = g.assoc[from:len(g.assoc):len(g.assoc)]
	it.ApprovalNeeded = na > 0

	if uploaded {
		g.set(&it.VaultPiiDataUUID, g.uuid())
	}
	from = len(g.reviews)
	if it.Status == StatusCompleted || it.Status == StatusDeclined {
		r := g.shape.ReviewRounds
		rounds := r.Min + g.f.IntN(r.Max-r.Min+1)
		t := reviewsFrom + g.f.IntN(reviewsTo-reviewsFrom-(rounds+1)*reviewGapMax)
		reasons := k.reasons()
		for j := 0; j <= rounds; j++ {
			if j > 0 {
				t += g.between(reviewGapMin, reviewGapMax)
			}
			rv := Review{ReviewStatus: ReviewRequestedAgain}
			switch {
			case j < rounds:
				rv.Reason = reasons[g.f.IntN(len(reasons))]
			case it.Status == StatusCompleted:
				rv.ReviewStatus = ReviewApproved
			default:
				rv.ReviewStatus = ReviewDeclined
				rv.Reason = reasons[g.f.IntN(len(reasons))]
			}
			g.reviews = append(g.reviews, rv)
			p := &g.reviews[len(g.reviews)-1]
			m := &g.staff[pick[g.f.IntN(na)]]
			g.set(&p.ReviewerUserUUID, m.uuid)
			g.set(&p.ReviewerName, m.name)
			start := g.mark()
			g.buf = time.Unix(int64(t), 0).UTC().AppendFormat(g.buf, time.RFC3339)
			g.set(&p.ReviewedAtDateTime, g.since(start))
		}
	}
	it.Reviews = g.reviews[from:len(g.reviews):len(g.reviews)]
}

// attributes draws the keys of customerProfileDataRequestDTO.attributes without repetition, and
// their values.
func (g *gen) attributes() {
	g.section(secAttributes)
	var order [maxAttributes]int
	for i := range order {
		order[i] = i
	}
	for j := 0; j < g.nattrs; j++ {
		r := j + g.f.IntN(len(order)-j)
		order[j], order[r] = order[r], order[j]
	}
	for j := 0; j < g.nattrs; j++ {
		k := &attributeKinds[order[j]]
		a := attrValue{key: k.key}
		if len(k.values) > 0 {
			a.text = k.values[g.f.IntN(len(k.values))]
			g.attrs[j] = a
			continue
		}
		a.dynamic = true
		start := g.mark()
		switch k.key {
		case "leadId":
			g.buf = strconv.AppendInt(append(g.buf, "LD-"...), int64(g.between(10_000_000, 99_999_999)), 10)
		case "salesPerson":
			m := g.staff[g.f.IntN(len(g.staff))]
			g.buf = append(g.buf, g.buf[m.name.off:m.name.end]...)
		case "appointmentDate":
			day := appointmentsFrom + 86400*g.f.IntN(177)
			g.buf = time.Unix(int64(day), 0).UTC().AppendFormat(g.buf, time.DateOnly)
		case "crmCustomerId":
			g.buf = strconv.AppendInt(append(g.buf, "CRM-"...), int64(g.between(1_000_000, 9_999_999)), 10)
		default: // stockNumber: a letter for the lot, five digits
			g.buf = append(g.buf, vinChars[10+g.f.IntN(len(vinChars)-10)])
			g.buf = strconv.AppendInt(g.buf, int64(g.between(10_000, 99_999)), 10)
		}
		a.sp = g.since(start)
		g.attrs[j] = a
	}
}

// Where a routine happens: which positions, in which order, and how few
// transfers a person with limited mobility is asked to make.

package limber

import (
	"slices"
	"strings"
)

// layout picks a position for every chosen item so that as few positions as
// possible are used, orders the items (the opening first, the closing
// relaxation last, the rest grouped by position, with the opening's and the
// closing's positions next to them), and returns the deliverable time.
//
// A wheelchair user (M4) does everything the wheelchair allows in it, and a
// person who lives in bed (M5) everything the bed allows there. What needs
// the bed comes as one block at the end, with the relaxation lying down
// (one transfer, then rest); when the relaxation cannot be done there, the
// bed block comes first instead, so the person never goes to the bed and
// back within one session if the plan has any other way (likewise for M5
// and the chair).
func (b *builder) layout() int {
	if len(b.chosen) == 0 {
		return 0
	}
	order := positionOrder(b.a.Profile.Mobility)
	home := homePlace(b.a.Profile.Mobility)
	b.arrange(order, home)
	if home != "" && returnsHome(chosenPositions(b.chosen), home) {
		before := transfers(chosenPositions(b.chosen))
		b.arrange(homeLast(order, home), home)
		if transfers(chosenPositions(b.chosen)) >= before {
			b.arrange(order, home)
		}
	}
	return b.total()
}

// arrange assigns positions and orders the chosen items for one order of
// position groups.
func (b *builder) arrange(order []Position, home string) {
	first, last := b.chosen[0], b.closing()
	middle := make([]*choice, 0, len(b.chosen))
	for _, c := range b.chosen[1:] {
		if c != last {
			middle = append(middle, c)
		}
	}
	// Locked items are placed apart, so proposing one never moves the
	// deliverable items (and so never changes the deliverable time).
	var open, locked []*choice
	for _, c := range middle {
		if c.locked {
			locked = append(locked, c)
		} else {
			open = append(open, c)
		}
	}
	cover(open, order, home)
	cover(locked, order, home)
	idx := func(p Position) int { return slices.Index(order, p) }
	slices.SortStableFunc(middle, func(x, y *choice) int { return idx(x.v.pos) - idx(y.v.pos) })

	// The opening takes the first middle position it can use; the closing
	// the last one (or another in the same place: rolling onto the side in
	// bed is no transfer); else their own first position in the order.
	var used []Position
	for _, c := range middle {
		if !c.locked && !slices.Contains(used, c.v.pos) {
			used = append(used, c.v.pos)
		}
	}
	first.v = pick(first.opt, used, order)
	if last != nil {
		var wanted []Position
		for i := len(used) - 1; i >= 0; i-- {
			wanted = append(wanted, used[i])
			for _, p := range order {
				if p != used[i] && place(p) == place(used[i]) && !slices.Contains(used, p) {
					wanted = append(wanted, p)
				}
			}
		}
		last.v = pick(last.opt, append(wanted, first.v.pos), order)
	}
	var lastPos Position
	if last != nil {
		lastPos = last.v.pos
	}
	rank := groupRank(order, first.v.pos, lastPos)
	slices.SortStableFunc(middle, func(x, y *choice) int { return rank(x.v.pos) - rank(y.v.pos) })
	b.chosen = append(append(b.chosen[:1], middle...), nonNilChoice(last)...)
}

// groupRank orders position groups as the planner lays them out: the
// opening's position first, the closing's last, the rest in order.
func groupRank(order []Position, first, last Position) func(Position) int {
	return func(p Position) int {
		switch {
		case p == first:
			return -1
		case last != "" && p == last:
			return len(order)
		}
		return slices.Index(order, p)
	}
}

func chosenPositions(cs []*choice) []Position {
	var ps []Position
	for _, c := range cs {
		if !c.locked {
			ps = append(ps, c.v.pos)
		}
	}
	return ps
}

// homePlace is where a person is when a session starts and should stay:
// the wheelchair at M4, the bed at M5; "" when moving is no transfer.
func homePlace(m Mobility) string {
	switch m {
	case M4:
		return place(SeatedWheelchair)
	case M5:
		return place(Supine)
	}
	return ""
}

// homeLast is order with the positions of the home place moved to the end.
func homeLast(order []Position, home string) []Position {
	atHome := func(p Position) bool { return place(p) == home }
	out := slices.DeleteFunc(slices.Clone(order), atHome)
	for _, p := range order {
		if atHome(p) {
			out = append(out, p)
		}
	}
	return out
}

// place is where the body is for a position: every lying position is on
// the bed, so moving between them is a change of position, not a transfer.
func place(p Position) string {
	switch p.Family() {
	case FamilyLying, FamilyStanding, FamilyFloor:
		return string(p.Family())
	}
	return string(p)
}

// transfers counts the moves from one place to another in a sequence of
// positions.
func transfers(ps []Position) int {
	n := 0
	for i := 1; i < len(ps); i++ {
		if place(ps[i]) != place(ps[i-1]) {
			n++
		}
	}
	return n
}

// returnsHome reports whether a sequence leaves the home place and comes
// back.
func returnsHome(ps []Position, home string) bool {
	left := false
	for i, p := range ps {
		switch {
		case place(p) != home && i > 0 && place(ps[i-1]) == home:
			left = true
		case left && place(p) == home:
			return true
		}
	}
	return false
}

func nonNilChoice(c *choice) []*choice {
	if c == nil {
		return nil
	}
	return []*choice{c}
}

// cover assigns positions: every item that can be done at home (the
// wheelchair, or the bed) is done there; the rest greedily, the position
// the most items can use taken first, ties going to the earlier position in
// order.
func cover(items []*choice, order []Position, home string) {
	rest := items
	if home != "" {
		var atHome []Position
		for _, p := range order {
			if place(p) == home {
				atHome = append(atHome, p)
			}
		}
		rest = greedy(items, atHome)
	}
	greedy(rest, order)
}

// greedy assigns the items it can to positions, the position the most
// items can use first; it returns the items none of positions suits.
func greedy(items []*choice, positions []Position) []*choice {
	unassigned := slices.Clone(items)
	for len(unassigned) > 0 {
		bestPos, bestN := Position(""), 0
		for _, p := range positions {
			n := 0
			for _, c := range unassigned {
				if c.opt.canUse(p) {
					n++
				}
			}
			if n > bestN {
				bestPos, bestN = p, n
			}
		}
		if bestN == 0 {
			return unassigned
		}
		rest := unassigned[:0]
		for _, c := range unassigned {
			if v, ok := c.opt.variant(bestPos); ok {
				c.v = v
			} else {
				rest = append(rest, c)
			}
		}
		unassigned = rest
	}
	return nil
}

// pick chooses the variant of o in the first of the wanted positions it can
// use, else in the first position of order it can use.
func pick(o *option, wanted, order []Position) decided {
	for _, p := range wanted {
		if v, ok := o.variant(p); ok {
			return v
		}
	}
	for _, p := range order {
		if v, ok := o.variant(p); ok {
			return v
		}
	}
	return o.best
}

// positionOrder is the order positions are tried and grouped in for a
// mobility level: where the person usually is comes first (the wheelchair at
// M4, the bed at M5), so ties never move them needlessly.
func positionOrder(m Mobility) []Position {
	switch m {
	case M4:
		return append([]Position{SeatedWheelchair}, slices.DeleteFunc(slices.Clone(Positions), func(p Position) bool { return p == SeatedWheelchair })...)
	case M5:
		return []Position{SemiReclined, Supine, SideLying, Prone, SeatedWheelchair, SeatedChair, SeatedUnsupported,
			StandingSupported, StandingUnsupported, LongSittingFloor, Kneeling, Quadruped}
	}
	return Positions
}

// TransferNotice is the plain-language warning shown before a session that
// takes a wheelchair user out of the wheelchair (M4, or a plan that starts
// in it), or a person who spends the day in bed (M5) out of the bed: a
// transfer is effort and a fall risk. It is "" when the session needs none.
func TransferNotice(m Mobility, items []Item) string {
	var ps []Position
	for _, it := range items {
		if !it.Locked {
			ps = append(ps, it.Position)
		}
	}
	if len(ps) == 0 {
		return ""
	}
	home := homePlace(m)
	if home == "" && ps[0] == SeatedWheelchair {
		home = place(SeatedWheelchair)
	}
	if home == "" {
		return ""
	}
	var where []string
	atHome := false
	for _, p := range ps {
		if place(p) == home {
			atHome = true
			continue
		}
		if w := placeWords[place(p)]; !slices.Contains(where, w) {
			where = append(where, w)
		}
	}
	if len(where) == 0 {
		return ""
	}
	if !atHome {
		return "This session is " + strings.Join(where, " and ") + ". Get there when someone can help you move."
	}
	return "Part of this session is " + strings.Join(where, " and part ") + ". Do it when someone can help you move."
}

// placeWords says where a place is, for the transfer notice.
var placeWords = map[string]string{
	string(FamilyLying):       "on the bed",
	string(FamilyStanding):    "standing up",
	string(FamilyFloor):       "on the floor",
	string(SeatedChair):       "on an ordinary chair",
	string(SeatedWheelchair):  "in your wheelchair",
	string(SeatedUnsupported): "on a seat with no backrest",
}

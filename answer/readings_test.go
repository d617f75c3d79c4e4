package answer

import (
	"slices"
	"testing"
)

// TestHomophonePlaces types every place name of the plan with each of its
// characters in turn replaced by a character read alike — what a pinyin
// keyboard offers — and wants the place read, where the typo is no word
// and not in the plan; common words whose first character is not read
// like a place's stay words.
func TestHomophonePlaces(t *testing.T) {
	e := engine(t)
	byReading := map[uint64][]rune{}
	syllables := func(c rune) []uint64 {
		var out []uint64
		for p := e.sounds.of(c); p != 0; p >>= 16 {
			out = append(out, p&0xffff)
		}
		return out
	}
	for _, c := range e.sounds.chars {
		for _, s := range syllables(c) {
			byReading[s] = append(byReading[s], c)
		}
	}
	for _, rs := range byReading {
		slices.Sort(rs)
	}
	kind := tally{t: t}
	for _, tp := range e.gaz.typos.places {
		want := e.gaz.places[tp.place].core
		for i, c := range tp.runes {
			tried := 0
			for _, s := range syllables(c) {
				for _, h := range byReading[s] {
					if h == c || tried == 3 {
						continue
					}
					typo := slices.Clone(tp.runes)
					typo[i] = h
					name := string(typo)
					// A traditional character folds to another (乾 to 干): the
					// typo is then not read alike.
					if e.fold(name).text != name || e.gaz.planText.Contains(name) || e.ix.IsWord(name) || e.gaz.abbrevs[name] != nil {
						continue
					}
					tried++
					q := name + "城区人口目标"
					var cores []string
					for _, p := range e.read(e.fold(q)).places {
						cores = append(cores, p.place.core)
					}
					// A compound place (贵阳贵安) is read whole or as its parts.
					kind.add(slices.Contains(cores, want) || len(cores) == 2 && cores[0]+cores[1] == want, "%s: places %v, want %s", q, cores, want)
				}
			}
		}
	}
	kind.want(50, 95, "homophone typos read as the place")
	for _, q := range []string{"季节性用工", "环节多不多", "同仁医院", "按顺序办理", "贵重资产", "开立账户", "必须落实"} {
		if named := namedPlaces(e.read(e.fold(q))); len(named) > 0 {
			t.Errorf("%s: read place %s", q, named[0].place.form)
		}
	}
}

// TestParseReadings: the embedded table parses, 遵 and 尊 are read alike,
// 遵 and 毕 are not, and a malformed line is refused with its number.
func TestParseReadings(t *testing.T) {
	r := engine(t).sounds
	if !r.same('遵', '尊') || !r.same('毕', '必') || r.same('遵', '毕') || r.same('x', '遵') {
		t.Error("readings: 遵/尊 and 毕/必 alike, 遵/毕 and x/遵 not")
	}
	if len(r.chars) < 6700 {
		t.Errorf("%d characters read, want GB 2312's 6,763", len(r.chars))
	}
	if !r.same('都', '斗') || !r.same('都', '督') {
		t.Error("readings: 都 is read dou and du")
	}
	for _, bad := range []string{"zun\n", "zun 遵\n尊\n"} {
		if _, err := parseReadings(bad); err == nil {
			t.Errorf("parseReadings(%q): no error", bad)
		}
	}
}

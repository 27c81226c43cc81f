package demo

import (
	"errors"
	"strings"

	"dangjian/internal/model"
)

// idAllocator hands out unique, valid citizen ID numbers (GB 11643). For every region, birth
// day and sex it counts the sequence numbers already given: odd ones to men, even ones to
// women, so two people never share a number and no map is needed.
type idAllocator struct {
	regions []string
	first   int      // day number of the earliest birth day covered
	span    int      // days covered
	used    []uint16 // [region][day][sex] → numbers given
}

func newIDAllocator(regions []string, first, last int) *idAllocator {
	span := last - first + 1
	return &idAllocator{regions: regions, first: first, span: span, used: make([]uint16, len(regions)*span*2)}
}

var errIDsExhausted = errors.New("demo: no ID numbers left for a birth day; too many members")

// appendID appends the ID number of the next person of this sex born on day (a day number,
// with civil date y-m-d) in region r. When 499 people of one sex share a birth day in a
// region it moves on to the next region.
func (a *idAllocator) appendID(b []byte, r, day, y, m, d int, female bool) ([]byte, error) {
	sex := 0
	if female {
		sex = 1
	}
	for try := 0; try < len(a.regions); try++ {
		reg := (r + try) % len(a.regions)
		i := ((reg*a.span)+day-a.first)*2 + sex
		n := int(a.used[i])
		seq := n*2 + 1 + sex // 1, 3, 5 … for men; 2, 4, 6 … for women
		if seq > 999 {
			continue
		}
		a.used[i]++
		start := len(b)
		b = append(b, a.regions[reg]...)
		b = appendPad(b, y, 4)
		b = appendPad(b, m, 2)
		b = appendPad(b, d, 2)
		b = appendPad(b, seq, 3)
		return append(b, model.IDCheckDigit(string(b[start:]))), nil
	}
	return b, errIDsExhausted
}

// appendPad appends v in decimal, left-padded with zeros to width digits.
func appendPad(b []byte, v, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// Unified social credit codes (统一社会信用代码, GB 32100-2015): registration authority and
// organisation category, region, the 9-character organisation code (GB 11714, with its own
// check character) and a check character.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var (
	orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	usccWeights    = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
)

// uscc builds a valid unified social credit code from a two-character kind (e.g. "91" for
// an enterprise, "11" for a government organ), a region and an eight-digit body.
func uscc(kind, region string, body int) string {
	b := make([]byte, 0, 18)
	b = append(b, kind...)
	b = append(b, region...)
	b = appendPad(b, body%100000000, 8)
	b = append(b, orgCodeCheck(b[8:16]))
	return string(append(b, usccCheck(b)))
}

// orgCodeCheck is the check character of an eight-character organisation code (GB 11714):
// digits count as themselves, letters A–Z as 10–35.
func orgCodeCheck(body []byte) byte {
	sum := 0
	for i, w := range orgCodeWeights {
		v := int(body[i] - '0')
		if body[i] >= 'A' {
			v = int(body[i]-'A') + 10
		}
		sum += v * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// usccCheck is the check character of the first 17 characters of a credit code (GB 32100).
func usccCheck(first17 []byte) byte {
	sum := 0
	for i, w := range usccWeights {
		sum += strings.IndexByte(usccChars, first17[i]) * w
	}
	return usccChars[(31-sum%31)%31]
}

package demo

import "dangjian/internal/model"

// idAllocator hands out unique, valid citizen ID numbers: for each region and birth date it
// counts the sequence numbers used per sex (odd for men, even for women, as GB 11643 says).
type idAllocator struct {
	used map[uint64][2]uint16
}

func (a *idAllocator) next(region string, birth model.Date, female bool) string {
	var key uint64
	for i := 0; i < 6; i++ {
		key = key*10 + uint64(region[i]-'0')
	}
	key = key<<20 | uint64(birth.Time().Unix()/86400+100000)
	counts := a.used[key]
	sex := 0
	if female {
		sex = 1
	}
	n := counts[sex]
	counts[sex]++
	a.used[key] = counts
	seq := int(n)*2 + 1 // odd: male
	if female {
		seq = int(n)*2 + 2 // even: female (0 is avoided)
	}
	if seq > 999 {
		// More than 499 people of one sex born on one day in one district: far beyond any
		// city this generator makes (a million members give a handful per day and district).
		panic("demo: ID sequence exhausted")
	}
	b := make([]byte, 18)
	copy(b, region)
	d := birth.String()
	copy(b[6:], d[0:4])
	copy(b[10:], d[5:7])
	copy(b[12:], d[8:10])
	b[14] = byte('0' + seq/100)
	b[15] = byte('0' + seq/10%10)
	b[16] = byte('0' + seq%10)
	b[17] = model.IDCheckDigit(string(b[:17]))
	return string(b)
}

package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"dangjian/internal/pinyin"
)

// A weighted list of strings drawn from with one random number. The pinyin initials of each
// entry are computed once, so a person's initials are the concatenation of the initials of the
// surname and given-name characters, exactly what pinyin.Initials gives for the whole name
// (it converts character by character).
type weighted struct {
	items    []string
	initials []string
	cum      []int // cumulative weights
}

func newWeighted(spec string) *weighted {
	w := &weighted{}
	total := 0
	for _, f := range strings.Fields(spec) {
		name, n := f, 1
		if i := strings.IndexByte(f, ':'); i >= 0 {
			name, n = f[:i], atoi(f[i+1:])
		}
		total += n
		w.items = append(w.items, name)
		w.initials = append(w.initials, pinyin.Initials(name))
		w.cum = append(w.cum, total)
	}
	return w
}

// pick returns the index of a random entry.
func (w *weighted) pick(r *rand.Rand) int {
	x := r.IntN(w.cum[len(w.cum)-1])
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func (w *weighted) draw(r *rand.Rand) string { return w.items[w.pick(r)] }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Surnames with rough frequencies per ten thousand, the national order adjusted for Dalian,
// where Shandong families brought 于, 姜, 孙, 宫, 隋, 曲, 鞠, 栾, 丛, 衣 and 初.
var surnames = newWeighted(`王:710 李:700 张:670 刘:540 陈:350 杨:310 赵:260 孙:220 于:190 黄:120 周:150
	吴:130 徐:140 高:140 马:120 郭:110 林:90 何:70 罗:60 梁:60 宋:90 郑:70 谢:50 韩:90 唐:50 冯:60 董:80
	肖:40 程:50 曹:60 袁:40 邓:40 许:50 傅:30 沈:30 曾:20 彭:30 吕:50 苏:50 卢:40 蒋:30 蔡:30 贾:50 丁:50
	魏:50 薛:40 叶:20 闫:40 余:20 潘:30 杜:40 戴:20 夏:20 钟:20 汪:20 田:40 任:40 姜:110 范:30 方:20 石:30
	姚:30 谭:20 廖:10 邹:20 熊:10 金:40 陆:20 郝:30 孔:30 白:40 崔:60 康:20 毛:20 邱:20 秦:20 江:20 史:30
	顾:20 侯:30 邵:20 孟:40 龙:10 万:20 段:20 雷:10 钱:20 汤:10 尹:30 常:30 武:30 乔:20 贺:20 文:10 宫:30
	隋:20 曲:40 鞠:20 栾:20 丛:20 衣:10 初:20 修:10 单:10 付:30 关:30 那:5 佟:15 欧阳:3 司马:1 诸葛:1`)

// Given-name characters, weighted towards the common ones. Women and men share a few.
var (
	givenMale = newWeighted(`伟:9 强:6 磊:6 军:7 勇:5 杰:5 涛:5 明:6 超:5 刚:5 平:4 辉:4 鹏:5 华:5 飞:4
		鑫:4 波:4 斌:4 宇:5 浩:4 凯:4 健:4 俊:4 帆:3 帅:3 旭:3 宁:3 龙:3 林:4 阳:4 建:5 国:6 庆:3 东:5 海:5
		峰:4 志:5 成:4 亮:4 文:4 博:3 晨:3 昊:3 天:3 子:3 家:3 振:3 德:3 春:3 永:4 金:3 良:3 胜:3 光:3
		福:2 生:3 学:3 祥:2 洪:2 立:3 新:3 中:2 利:2 宏:3 兴:2 瑞:2 泽:2 睿:2 航:2 轩:2 然:2 一:2 铭:2`)
	givenFemale = newWeighted(`芳:8 娜:6 敏:6 静:7 丽:7 艳:6 娟:5 霞:5 秀:5 英:5 慧:5 婷:5 雪:4 琳:4 玲:5
		燕:5 萍:4 红:6 梅:5 莉:4 兰:4 晶:4 颖:4 倩:4 洁:4 璐:3 佳:4 欣:4 悦:3 怡:3 月:3 桂:3 凤:4 丹:4 薇:3
		岚:2 琴:3 云:3 青:3 雯:3 宁:3 晓:4 玉:4 春:3 秋:3 思:3 雨:3 嘉:3 淑:4 美:3 华:3 琪:2 露:2 蕾:2 妍:2
		婧:2 莹:3 珊:2 爽:3 楠:3 鑫:2 冬:2 杰:1 涵:2 萱:2 然:2 一:1 文:2 艺:2 梦:2`)
)

// appendName appends a random name of a man or woman and, to initials, its pinyin initials.
func appendName(b, initials []byte, r *rand.Rand, female bool) ([]byte, []byte) {
	i := surnames.pick(r)
	b = append(b, surnames.items[i]...)
	initials = append(initials, surnames.initials[i]...)
	given := givenMale
	if female {
		given = givenFemale
	}
	n := 2
	if r.IntN(100) < 28 {
		n = 1
	}
	for ; n > 0; n-- {
		j := given.pick(r)
		b = append(b, given.items[j]...)
		initials = append(initials, given.initials[j]...)
	}
	return b, initials
}

func split(s string) []string { return strings.Fields(s) }

// Name parts of units and places, all generic, so every generated name is fictional.
var (
	// brandChars make firm names (字号) of two characters such as 瑞丰 or 鼎泰.
	brandChars = []rune("华信恒瑞丰盛泰鑫通达远航博嘉和宏正德润海星辰金汇诚益联创新天成永安康明睿智卓越鼎隆昌兴福源祥耀凯腾锦程宇东方中合众立云帆蓝启元晟弘泓浩峰翔俊豪佳美铭")

	communityWords = split(`锦华 长春 兴华 望海 青云 福佳 华乐 友好 民主 桃源 金海 南山 北岗 东关 育才 昆明
		白山 黄河 长江 团结 胜利 星海 春柳 绿波 海华 文苑 秀月 明珠 锦绣 华南 华北 富民 和平 光明 建设
		向阳 丽景 鑫园 迎春 松江 香海 阳光 翠竹 枫林 玉兰 银杏 紫云 龙华 泉涌 海昌 春和 景和 新希望
		凌海 山屏 西山 东纬 北纬 学府 体育 科技 军民 港湾 湾里 石门 虹港 长兴 东北 西南 海韵 海湾`)
	communitySuffixes = split(`社区:6 园社区:2 苑社区:2 里社区:1 新村社区:1 花园社区:1 街社区:1`)

	villageSurnames  = split(`王 李 张 刘 孙 于 赵 杨 高 姜 宋 郭 徐 曲 隋 吕 董 韩 马 崔 周 曹 丛 孟 田 邹 林 陈 鞠 栾`)
	villageFamily    = split(`家 家屯 家沟 家店 家堡 家岭 家窝堡`)
	villageQualifier = split(`大 小 前 后 东 西 南 北 上 下 老 新 三 双 石 沙 黄 青 红 柳 榆 杨 松 马 龙 凤 獐 鹿`)
	villageFeature   = split(`营 屯 沟 岭 河 山 台 房 甸子 窝堡 岗 树 泉 井 口 坨子 岛 湾 堡子 城`)
)

// brand draws a two-character firm name.
func brand(r *rand.Rand) string {
	a := r.IntN(len(brandChars))
	b := r.IntN(len(brandChars) - 1)
	if b >= a {
		b++
	}
	return string([]rune{brandChars[a], brandChars[b]})
}

// communityName draws a community name such as 锦华园社区.
func communityName(r *rand.Rand) string {
	suffix := communitySuffixWeighted.draw(r)
	return communityWords[r.IntN(len(communityWords))] + suffix
}

var communitySuffixWeighted = newWeighted(strings.Join(communitySuffixes, " "))

// villageName draws a village name such as 王家屯村 or 后石河村.
func villageName(r *rand.Rand) string {
	if r.IntN(100) < 55 {
		return villageSurnames[r.IntN(len(villageSurnames))] + villageFamily[r.IntN(len(villageFamily))] + "村"
	}
	return villageQualifier[r.IntN(len(villageQualifier))] + villageFeature[r.IntN(len(villageFeature))] + "村"
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cn writes 1–999 in Chinese numerals, e.g. 十二, 三十四, 一百零五.
func cn(n int) string {
	switch {
	case n <= 0 || n >= 1000:
		return itoa(n)
	case n < 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cn1(n%10)
	case n < 100:
		return cnDigits[n/10] + "十" + cn1(n%10)
	}
	s := cnDigits[n/100] + "百"
	switch rest := n % 100; {
	case rest == 0:
		return s
	case rest < 10:
		return s + "零" + cnDigits[rest]
	case rest < 20:
		return s + "一十" + cn1(rest%10)
	default:
		return s + cn(rest)
	}
}

func cn1(n int) string {
	if n == 0 {
		return ""
	}
	return cnDigits[n]
}

func itoa(n int) string { return strconv.Itoa(n) }

package model

import (
	"strconv"
	"strings"
	"time"
)

// OrgType is the kind of a party organisation (党组织类型).
type OrgType string

// Organisation types, from rules.md §1 and the glossary.
const (
	MunicipalCommittee OrgType = "municipal_committee" // 市委
	DistrictCommittee  OrgType = "district_committee"  // 区委
	CountyCommittee    OrgType = "county_committee"    // 县委
	PrimaryCommittee   OrgType = "primary_committee"   // 基层党委
	WorkingCommittee   OrgType = "working_committee"   // 党工委
	LeadingGroup       OrgType = "leading_group"       // 党组
	GeneralBranch      OrgType = "general_branch"      // 党总支
	Branch             OrgType = "branch"              // 党支部 (with or without a branch committee)
	JointBranch        OrgType = "joint_branch"        // 联合党支部
	TemporaryBranch    OrgType = "temporary_branch"    // 临时党支部
	PartyGroup         OrgType = "party_group"         // 党小组
)

// OrgTypes lists every organisation type in display order.
var OrgTypes = []OrgType{MunicipalCommittee, DistrictCommittee, CountyCommittee, PrimaryCommittee,
	WorkingCommittee, LeadingGroup, GeneralBranch, Branch, JointBranch, TemporaryBranch, PartyGroup}

// Valid reports whether t is a known organisation type.
func (t OrgType) Valid() bool {
	for _, k := range OrgTypes {
		if k == t {
			return true
		}
	}
	return false
}

// IsBranchLevel reports whether members belong directly to organisations of this type.
func (t OrgType) IsBranchLevel() bool {
	return t == Branch || t == JointBranch || t == TemporaryBranch || t == PartyGroup
}

// UnitType is the kind of unit an organisation is built in (单位类型).
type UnitType string

// Unit types, from the rules.md cheat-sheet.
const (
	UnitVillage              UnitType = "village"               // 建制村
	UnitCommunity            UnitType = "community"             // 社区
	UnitTownship             UnitType = "township"              // 乡镇
	UnitStreet               UnitType = "street"                // 街道
	UnitGovernmentOrgan      UnitType = "government_organ"      // 机关
	UnitPublicInstitution    UnitType = "public_institution"    // 事业单位
	UnitStateEnterprise      UnitType = "state_enterprise"      // 国有企业
	UnitCollectiveEnterprise UnitType = "collective_enterprise" // 集体企业
	UnitNonPublicEnterprise  UnitType = "non_public_enterprise" // 非公企业
	UnitSocialOrganisation   UnitType = "social_organisation"   // 社会组织
	UnitOther                UnitType = "other"                 // 其他
)

// UnitTypes lists every unit type.
var UnitTypes = []UnitType{UnitVillage, UnitCommunity, UnitTownship, UnitStreet, UnitGovernmentOrgan,
	UnitPublicInstitution, UnitStateEnterprise, UnitCollectiveEnterprise, UnitNonPublicEnterprise,
	UnitSocialOrganisation, UnitOther}

// Valid reports whether u is a known unit type (empty is allowed and means unknown).
func (u UnitType) Valid() bool {
	if u == "" {
		return true
	}
	for _, k := range UnitTypes {
		if k == u {
			return true
		}
	}
	return false
}

// Org is one node of the organisation tree (党组织).
type Org struct {
	ID           int64    `json:"id"`
	ParentID     int64    `json:"parent_id,omitempty"`
	Depth        int      `json:"depth"`
	Path         string   `json:"path"`
	Name         string   `json:"name"`
	ShortName    string   `json:"short_name,omitempty"`
	Type         OrgType  `json:"type"`
	HasCommittee bool     `json:"has_committee"`
	UnitType     UnitType `json:"unit_type,omitempty"`
	UnitName     string   `json:"unit_name,omitempty"`
	Industry     string   `json:"industry,omitempty"`
	// Code is the organisation code in the party's own register (组织代码).
	Code string `json:"code,omitempty"`
	// UnitCode is the unit's unified social credit code (统一社会信用代码).
	UnitCode string `json:"unit_code,omitempty"`
	Address  string `json:"address,omitempty"`
	Phone    string `json:"phone,omitempty"`
	// FoundedOn is the founding date (成立日期).
	FoundedOn Date `json:"founded_on"`
	// DissolvedOn is set once the organisation is dissolved (撤销); it then has no members.
	DissolvedOn Date `json:"dissolved_on"`
	// TermStart is when the current committee was elected (本届任期开始); TermYears its length.
	TermStart Date `json:"term_start"`
	TermYears int  `json:"term_years,omitempty"`
	// TermExpired is kept by the term sweep: the committee's term has ended without re-election.
	TermExpired bool      `json:"term_expired"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// TermEnd is when the current committee's term ends; zero when no term is recorded.
func (o *Org) TermEnd() Date {
	if o.TermStart.IsZero() || o.TermYears <= 0 {
		return Date{}
	}
	return o.TermStart.AddDate(o.TermYears, 0, 0)
}

// Dissolved reports whether the organisation has been dissolved.
func (o *Org) Dissolved() bool { return !o.DissolvedOn.IsZero() }

// ChildPath returns the materialized path of a child with the given id under parentPath.
func ChildPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// PathIDs returns the organisation ids along a materialized path, root first.
func PathIDs(path string) []int64 {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// PathUpperBound returns the exclusive upper bound of the subtree range that starts at path:
// every descendant path p satisfies path <= p < PathUpperBound(path). It relies on '0'
// being the byte after '/'.
func PathUpperBound(path string) string { return path[:len(path)-1] + "0" }

// PathUnder reports whether p is path itself or lies below it.
func PathUnder(p, path string) bool { return strings.HasPrefix(p, path) }

// ParentPath returns the path of the parent of the organisation at path ("" for a root).
func ParentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndexByte(trimmed, '/')
	if i <= 0 {
		return ""
	}
	return trimmed[:i+1]
}

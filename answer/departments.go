package answer

import (
	"github.com/planbot/planbot/data/plan"
)

// Departments resolves a department's name as staff write it (住建厅,
// 发改委, 省水利厅) to the plan's departments it names, each with the refs
// of the clauses naming it, in plan order: what a 分工表 lists. A name
// can name more than one body the plan writes two ways (文旅厅), and none
// when the plan names no such department.
func (e *Engine) Departments(name string) []plan.DepartmentRefs {
	var out []plan.DepartmentRefs
	for _, di := range e.read(e.fold(name)).depts {
		d := e.gaz.depts[di]
		out = append(out, plan.DepartmentRefs{Name: d.name, Refs: append([]string(nil), d.refs...)})
	}
	return out
}

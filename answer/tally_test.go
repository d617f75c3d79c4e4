package answer

import "testing"

// tally counts the questions a test of one kind makes from the plan, and
// those answered right: a kind is judged by its share, each miss logged.
type tally struct {
	t            *testing.T
	asked, right int
}

// add counts one question, right when ok; a miss is logged with why.
func (c *tally) add(ok bool, format string, args ...any) {
	c.t.Helper()
	c.asked++
	if ok {
		c.right++
		return
	}
	c.t.Logf(format, args...)
}

// want fails the test when the plan gave fewer than least questions of the
// kind (then it proves little) or fewer than percent were answered right;
// the share is logged either way.
func (c *tally) want(least, percent int, what string) {
	c.t.Helper()
	if c.asked < least {
		c.t.Fatalf("%d questions: the test proves little", c.asked)
	}
	c.t.Logf("%d of %d %s", c.right, c.asked, what)
	if c.right*100 < c.asked*percent {
		c.t.Errorf("%d of %d %s; want %d%%", c.right, c.asked, what, percent)
	}
}

//! The patterns of `--glob` and `--exclude`: shell globs, matched against a
//! file's name or, when the pattern holds a `/`, against its path below the
//! folder given. `*` is any run of characters but `/`, `?` one character but
//! `/`, `[abc]`, `[a-z]` and `[!a-z]` (or `[^a-z]`) one of a set, `**` any
//! run of characters `/` included (`**/` any number of folders, none too),
//! and `\` takes the next character as it is. Case counts, as in a shell.

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`
    One,
    /// `*`
    Star,
    /// `**` not followed by `/`
    Stars,
    /// `**/`
    Folders,
    /// `[…]`: the ranges, and whether the set is negated.
    Set {
        ranges: Vec<(char, char)>,
        negated: bool,
    },
}

/// A pattern given to `--glob` or `--exclude`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    text: String,
    tokens: Vec<Token>,
    /// Whether it holds a `/`: then it is matched against the path below
    /// the folder given, else against the name alone.
    on_path: bool,
}

/// Why a pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pattern}: {problem}")]
pub struct GlobError {
    pattern: String,
    problem: &'static str,
}

impl std::str::FromStr for Glob {
    type Err = GlobError;

    fn from_str(text: &str) -> Result<Glob, GlobError> {
        let error = |problem| GlobError {
            pattern: text.to_string(),
            problem,
        };
        let mut tokens = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let token = match c {
                '?' => Token::One,
                '*' if chars.next_if_eq(&'*').is_some() => {
                    if chars.next_if_eq(&'/').is_some() {
                        Token::Folders
                    } else {
                        Token::Stars
                    }
                }
                '*' => Token::Star,
                '[' => set(&mut chars).ok_or_else(|| error("a `[` without its `]`"))?,
                '\\' => Token::Char(chars.next().ok_or_else(|| error("a `\\` at the end"))?),
                other => Token::Char(other),
            };
            tokens.push(token);
        }
        if text.is_empty() {
            return Err(error("an empty pattern"));
        }
        Ok(Glob {
            text: text.to_string(),
            tokens,
            on_path: text.contains('/'),
        })
    }
}

/// A set `[…]`, its `[` already read; `None` when it is not closed.
fn set(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Token> {
    let negated = chars.next_if(|c| matches!(c, '!' | '^')).is_some();
    let mut ranges = Vec::new();
    // A `]` first stands for itself, as in a shell.
    let mut first = true;
    loop {
        let c = chars.next()?;
        if c == ']' && !first {
            return Some(Token::Set { ranges, negated });
        }
        first = false;
        let c = if c == '\\' { chars.next()? } else { c };
        if chars.peek() == Some(&'-') {
            let mut ahead = chars.clone();
            ahead.next();
            if let Some(end) = ahead.next().filter(|e| *e != ']') {
                *chars = ahead;
                ranges.push((c, end));
                continue;
            }
        }
        ranges.push((c, c));
    }
}

impl Glob {
    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a file (or folder) matches: its `name`, or its `path` below
    /// the folder given (`/`-separated) when the pattern holds a `/`.
    pub fn matches_file(&self, name: &str, path: &str) -> bool {
        self.matches(if self.on_path { path } else { name })
    }

    /// Whether the whole of `text` matches: the states of the pattern
    /// reached after each character, each state a token's position.
    pub fn matches(&self, text: &str) -> bool {
        let mut states = vec![false; self.tokens.len() + 1];
        self.reach(&mut states, 0);
        for c in text.chars() {
            let mut next = vec![false; states.len()];
            for (at, token) in self.tokens.iter().enumerate() {
                if !states.get(at).copied().unwrap_or(false) {
                    continue;
                }
                let (stay, advance) = step(token, c);
                if stay {
                    self.reach(&mut next, at);
                }
                if advance {
                    self.reach(&mut next, at + 1);
                }
            }
            states = next;
        }
        states.last().copied().unwrap_or(false)
    }

    /// Mark a state reached, and those a star lets through with nothing.
    fn reach(&self, states: &mut [bool], mut at: usize) {
        while let Some(state) = states.get_mut(at) {
            *state = true;
            match self.tokens.get(at) {
                Some(Token::Star | Token::Stars | Token::Folders) => at += 1,
                _ => break,
            }
        }
    }
}

/// What a character does at a token: stay on it (a star takes it), move
/// past it (the token matched it), or neither.
fn step(token: &Token, c: char) -> (bool, bool) {
    match token {
        Token::Char(x) => (false, *x == c),
        Token::One => (false, c != '/'),
        Token::Star => (c != '/', false),
        Token::Stars => (true, false),
        Token::Folders => (true, c == '/'),
        Token::Set { ranges, negated } => {
            let inside = ranges.iter().any(|(low, high)| (*low..=*high).contains(&c));
            (false, c != '/' && inside != *negated)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(text: &str) -> Glob {
        text.parse().unwrap()
    }

    #[test]
    fn stars_sets_and_escapes() {
        assert!(glob("*.pdf").matches("report.pdf"));
        assert!(!glob("*.pdf").matches("report.pdf.txt"));
        assert!(!glob("*.pdf").matches("a/report.pdf"));
        assert!(glob("A_HRC_??_*").matches("A_HRC_43_2.pdf"));
        assert!(!glob("A_HRC_??_*").matches("A_HRC_8_34.pdf"));
        assert!(glob("[ab]*.txt").matches("b1.txt") && !glob("[ab]*.txt").matches("c1.txt"));
        assert!(glob("[!a-c]?").matches("dx") && !glob("[!a-c]?").matches("bx"));
        assert!(glob("[]x]").matches("]") && glob("[a-]").matches("-"));
        assert!(glob("\\*.pdf").matches("*.pdf") && !glob("\\*.pdf").matches("a.pdf"));
        assert!(!glob("*.PDF").matches("a.pdf"), "case counts");
        assert!(glob("*").matches(""));
    }

    #[test]
    fn double_stars_cross_folders() {
        assert!(glob("**/*.pdf").matches("a.pdf"));
        assert!(glob("**/*.pdf").matches("2019/june/a.pdf"));
        assert!(glob("2019/**").matches("2019/june/a.pdf"));
        assert!(!glob("2019/*").matches("2019/june/a.pdf"));
        assert!(glob("a/**/b.txt").matches("a/b.txt") && glob("a/**/b.txt").matches("a/x/y/b.txt"));
        assert!(!glob("a/**/b.txt").matches("ab.txt"));
    }

    #[test]
    fn a_pattern_with_a_slash_is_matched_on_the_path() {
        let by_name = glob("draft*");
        assert!(by_name.matches_file("draft-2.pdf", "2019/draft-2.pdf"));
        let by_path = glob("2019/*.pdf");
        assert!(by_path.matches_file("a.pdf", "2019/a.pdf"));
        assert!(!by_path.matches_file("a.pdf", "2020/a.pdf"));
    }

    #[test]
    fn broken_patterns_are_refused() {
        for bad in ["[abc", "a\\", ""] {
            assert!(bad.parse::<Glob>().is_err(), "{bad}");
        }
    }
}

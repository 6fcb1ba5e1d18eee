//! How the compound splitter does on a labelled word list.

use super::ratio;

/// How a compound splitter did on a labelled word list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SplitterReport {
    pub compounds: usize,
    /// Compounds split exactly at the labelled places.
    pub compounds_split_right: usize,
    /// Compounds split, but elsewhere or into other parts.
    pub compounds_split_wrong: usize,
    pub simple: usize,
    /// Simple words that were split: false splits.
    pub simple_split: usize,
    pub ambiguous: usize,
    pub ambiguous_split: usize,
    /// Examples of each kind of mistake, for reading.
    pub false_splits: Vec<String>,
    pub wrong_cuts: Vec<String>,
    pub missed: Vec<String>,
}

impl SplitterReport {
    /// Of the words split (ambiguous ones left out), the share split at the right places.
    pub fn precision(&self) -> f64 {
        let split = self.compounds_split_right + self.compounds_split_wrong + self.simple_split;
        ratio(self.compounds_split_right, split)
    }

    /// Of the compounds, the share split at the right places.
    pub fn recall(&self) -> f64 {
        ratio(self.compounds_split_right, self.compounds)
    }

    /// Of the simple words, the share split.
    pub fn false_split_rate(&self) -> f64 {
        ratio(self.simple_split, self.simple)
    }
}

/// Runs `split` (a folded word → part start offsets in bytes, `None` if not a compound) over
/// a word list `word<TAB>label<TAB>segments…` with labels `compound`, `simple`, `ambiguous` and
/// segments like `flüchtlings|krise`; cuts are compared after folding.
pub fn evaluate_splitter(
    list: &str,
    split: impl Fn(&str) -> Option<Vec<usize>>,
) -> Result<SplitterReport, String> {
    let mut report = SplitterReport::default();
    for (number, line) in list.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with("word\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(word), Some(label), Some(segments)) =
            (fields.first(), fields.get(1), fields.get(2))
        else {
            return Err(format!(
                "line {}: expected word<TAB>label<TAB>segments",
                number + 1
            ));
        };
        let folded = crate::analysis::fold_german(word);
        let cuts = split(&folded).map(|starts| {
            starts
                .into_iter()
                .skip(1)
                .map(|byte| folded[..byte].chars().count())
                .collect::<Vec<usize>>()
        });
        match *label {
            "compound" => {
                report.compounds += 1;
                let mut expected = Vec::new();
                let mut length = 0;
                for segment in segments.split('|') {
                    if length > 0 {
                        expected.push(length);
                    }
                    length += crate::analysis::fold_german(segment).chars().count();
                }
                match cuts {
                    Some(cuts) if cuts == expected => report.compounds_split_right += 1,
                    Some(_) => {
                        report.compounds_split_wrong += 1;
                        report.wrong_cuts.push(word.to_string());
                    }
                    None => report.missed.push(word.to_string()),
                }
            }
            "simple" => {
                report.simple += 1;
                if cuts.is_some() {
                    report.simple_split += 1;
                    report.false_splits.push(word.to_string());
                }
            }
            "ambiguous" => {
                report.ambiguous += 1;
                report.ambiguous_split += usize::from(cuts.is_some());
            }
            other => return Err(format!("line {}: unknown label {other}", number + 1)),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn splitter_report() {
        let list = "word\tlabel\tsegments\nBundesliga\tcompound\tbundes|liga\nOsterferien\tcompound\toster|ferien\nOstern\tsimple\tostern\nAusland\tambiguous\taus|land\nFoo\tcompound\tfo|o\n";
        let report = evaluate_splitter(list, |word| match word {
            "bundesliga" => Some(vec![0, 6]),
            "osterferien" => Some(vec![0, 3]),
            "ostern" => Some(vec![0, 3]),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (
                report.compounds,
                report.compounds_split_right,
                report.compounds_split_wrong
            ),
            (3, 1, 1)
        );
        assert_eq!((report.simple, report.simple_split), (1, 1));
        assert_eq!(report.missed, ["Foo"]);
        assert!((report.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((report.recall() - 1.0 / 3.0).abs() < 1e-9);
    }
}

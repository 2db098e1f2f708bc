namespace StanceKit;

/// <summary>
/// Universal Dependencies v2 relations, with the subtypes English treebanks use (for example
/// <see cref="NsubjPass"/> is "nsubj:pass"). <see cref="DependencyRelationNames.ToUDName"/> gives the UD string.
/// </summary>
public enum DependencyRelation : byte
{
    /// <summary>dep: unspecified dependency (also links the pieces of a sentence longer than <see cref="DependencyParser.MaxSentenceWords"/>).</summary>
    Dep = 0,
    /// <summary>root.</summary>
    Root,
    /// <summary>acl: clausal modifier of a noun.</summary>
    Acl,
    /// <summary>acl:relcl: relative clause.</summary>
    AclRelcl,
    /// <summary>advcl: adverbial clause modifier.</summary>
    Advcl,
    /// <summary>advcl:relcl: sentential relative clause.</summary>
    AdvclRelcl,
    /// <summary>advmod: adverbial modifier.</summary>
    Advmod,
    /// <summary>amod: adjectival modifier.</summary>
    Amod,
    /// <summary>appos: appositional modifier.</summary>
    Appos,
    /// <summary>aux: auxiliary.</summary>
    Aux,
    /// <summary>aux:pass: passive auxiliary.</summary>
    AuxPass,
    /// <summary>case: case marking.</summary>
    Case,
    /// <summary>cc: coordinating conjunction.</summary>
    Cc,
    /// <summary>cc:preconj: preconjunct.</summary>
    CcPreconj,
    /// <summary>ccomp: clausal complement.</summary>
    Ccomp,
    /// <summary>clf: classifier.</summary>
    Clf,
    /// <summary>compound.</summary>
    Compound,
    /// <summary>compound:prt: phrasal verb particle.</summary>
    CompoundPrt,
    /// <summary>conj: conjunct.</summary>
    Conj,
    /// <summary>cop: copula.</summary>
    Cop,
    /// <summary>csubj: clausal subject.</summary>
    Csubj,
    /// <summary>csubj:outer: outer clausal subject.</summary>
    CsubjOuter,
    /// <summary>csubj:pass: clausal passive subject.</summary>
    CsubjPass,
    /// <summary>det: determiner.</summary>
    Det,
    /// <summary>det:predet: predeterminer.</summary>
    DetPredet,
    /// <summary>discourse: discourse element.</summary>
    Discourse,
    /// <summary>dislocated: dislocated element.</summary>
    Dislocated,
    /// <summary>expl: expletive.</summary>
    Expl,
    /// <summary>fixed: fixed multiword expression.</summary>
    Fixed,
    /// <summary>flat: flat expression (names, dates).</summary>
    Flat,
    /// <summary>goeswith: goes with (pieces of one word; also the extra tokenizer pieces of one parser word).</summary>
    Goeswith,
    /// <summary>iobj: indirect object.</summary>
    Iobj,
    /// <summary>list.</summary>
    List,
    /// <summary>mark: marker.</summary>
    Mark,
    /// <summary>nmod: nominal modifier.</summary>
    Nmod,
    /// <summary>nmod:desc: descriptive nominal modifier.</summary>
    NmodDesc,
    /// <summary>nmod:npmod: noun phrase as adverbial modifier (older treebanks).</summary>
    NmodNpmod,
    /// <summary>nmod:poss: possessive nominal modifier.</summary>
    NmodPoss,
    /// <summary>nmod:tmod: temporal modifier (older treebanks).</summary>
    NmodTmod,
    /// <summary>nmod:unmarked: nominal modifier without a case marker.</summary>
    NmodUnmarked,
    /// <summary>nsubj: nominal subject.</summary>
    Nsubj,
    /// <summary>nsubj:outer: outer nominal subject.</summary>
    NsubjOuter,
    /// <summary>nsubj:pass: passive nominal subject.</summary>
    NsubjPass,
    /// <summary>nummod: numeric modifier.</summary>
    Nummod,
    /// <summary>obj: object.</summary>
    Obj,
    /// <summary>obl: oblique nominal.</summary>
    Obl,
    /// <summary>obl:agent: agent of a passive.</summary>
    OblAgent,
    /// <summary>obl:npmod: noun phrase as adverbial modifier (older treebanks).</summary>
    OblNpmod,
    /// <summary>obl:tmod: temporal modifier (older treebanks).</summary>
    OblTmod,
    /// <summary>obl:unmarked: oblique nominal without a case marker.</summary>
    OblUnmarked,
    /// <summary>orphan: orphan in an ellipsis.</summary>
    Orphan,
    /// <summary>parataxis.</summary>
    Parataxis,
    /// <summary>punct: punctuation.</summary>
    Punct,
    /// <summary>reparandum: overridden disfluency.</summary>
    Reparandum,
    /// <summary>vocative.</summary>
    Vocative,
    /// <summary>xcomp: open clausal complement.</summary>
    Xcomp,
}

/// <summary>Conversions between <see cref="DependencyRelation"/> and the UD relation strings ("nsubj:pass", ...).</summary>
public static class DependencyRelationNames
{
    /// <summary>Number of relations.</summary>
    public const int Count = 56;

    private static readonly string[] s_names =
    [
        "dep", "root", "acl", "acl:relcl", "advcl", "advcl:relcl", "advmod", "amod", "appos", "aux", "aux:pass", "case", "cc",
        "cc:preconj", "ccomp", "clf", "compound", "compound:prt", "conj", "cop", "csubj", "csubj:outer", "csubj:pass", "det",
        "det:predet", "discourse", "dislocated", "expl", "fixed", "flat", "goeswith", "iobj", "list", "mark", "nmod", "nmod:desc",
        "nmod:npmod", "nmod:poss", "nmod:tmod", "nmod:unmarked", "nsubj", "nsubj:outer", "nsubj:pass", "nummod", "obj", "obl",
        "obl:agent", "obl:npmod", "obl:tmod", "obl:unmarked", "orphan", "parataxis", "punct", "reparandum", "vocative", "xcomp",
    ];

    /// <summary>The UD string of the relation, e.g. "nsubj:pass".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined relation.</exception>
    public static string ToUDName(this DependencyRelation relation) =>
        (uint)relation < Count ? s_names[(int)relation] : throw new ArgumentOutOfRangeException(nameof(relation), relation, "Unknown relation.");

    /// <summary>Parses a UD relation string (exact, lower case, with its subtype if any).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out DependencyRelation relation)
    {
        for (int i = 0; i < Count; i++)
        {
            if (name.SequenceEqual(s_names[i])) { relation = (DependencyRelation)i; return true; }
        }
        relation = DependencyRelation.Dep;
        return false;
    }
}

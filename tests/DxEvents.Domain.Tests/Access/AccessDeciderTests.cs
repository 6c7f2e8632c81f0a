using DxEvents.Domain.Access;

namespace DxEvents.Domain.Tests.Access;

public sealed class AccessDeciderTests
{
    private static readonly AccessState Granted = AccessDecider.Fold(
    [
        new AccessGranted("sub-1", "田中 花子", "tanaka@city.mima.example", "recorder"),
        new ApiKeyCreated("k1", "統計システム", "recorder"),
    ]);

    [Fact]
    public void A_grant_trims_its_fields_and_keeps_no_blank_email()
    {
        var granted = AccessDecider.Grant(AccessState.Empty, " sub-2 ", " 佐藤 一郎 ", "  ", "office");
        Spec.ThenEvents([granted], new AccessGranted("sub-2", "佐藤 一郎", null, "office"));
    }

    [Theory]
    [InlineData("", "名", "a@b.jp", "office", "subject")]
    [InlineData("s", " ", "a@b.jp", "office", "displayName")]
    [InlineData("s", "名", "a@b.jp", "mayor", "role")]
    [InlineData("s", "名", "a@b.jp", null, "role")]
    [InlineData("s", "名", "tanaka", "office", "email")]
    [InlineData("s", "名", "a@b", "office", "email")]
    [InlineData("s", "名", "a@@b.jp", "office", "email")]
    [InlineData("s", "名", "a b@c.jp", "office", "email")]
    public void A_grant_names_the_field_it_cannot_take(string subject, string name, string email, string? role, string field) =>
        Spec.ThenRefused(() => AccessDecider.Grant(AccessState.Empty, subject, name, email, role), DomainErrorKind.RuleBroken, field);

    [Fact]
    public void A_display_name_of_101_characters_is_too_long_and_100_is_not()
    {
        AccessDecider.Grant(AccessState.Empty, "s", new string('名', 100), null, "auditor");
        var error = Spec.ThenRefused(() => AccessDecider.Grant(AccessState.Empty, "s", new string('名', 101), null, "auditor"), DomainErrorKind.RuleBroken, "displayName");
        Assert.Equal("表示名は 100 文字までです。", error.Error.Ja);
    }

    [Fact]
    public void Granting_the_same_again_is_a_conflict_and_another_role_replaces_the_first()
    {
        Spec.ThenRefused(() => AccessDecider.Grant(Granted, "sub-1", "田中 花子", "tanaka@city.mima.example", "recorder"), DomainErrorKind.Conflict, "role");
        var changed = AccessDecider.Evolve(Granted, AccessDecider.Grant(Granted, "sub-1", "田中 花子", "tanaka@city.mima.example", "office"));
        Assert.Equal("office", changed.People["sub-1"].Role);
        Assert.Single(changed.People);
    }

    [Fact]
    public void A_revocation_names_the_person_and_their_role_and_removes_the_grant()
    {
        var revoked = AccessDecider.Revoke(Granted, "sub-1");
        Spec.ThenEvents([revoked], new AccessRevoked("sub-1", "田中 花子", "recorder"));
        Assert.Empty(AccessDecider.Evolve(Granted, revoked).People);
        Spec.ThenRefused(() => AccessDecider.Revoke(AccessDecider.Evolve(Granted, revoked), "sub-1"), DomainErrorKind.NotFound, "subject");
    }

    [Fact]
    public void A_key_is_revoked_once()
    {
        var revoked = AccessDecider.RevokeKey(Granted, "k1");
        Spec.ThenEvents([revoked], new ApiKeyRevoked("k1", "統計システム", "recorder"));
        var after = AccessDecider.Evolve(Granted, revoked);
        Assert.True(after.Keys["k1"].Revoked);
        Spec.ThenRefused(() => AccessDecider.RevokeKey(after, "k1"), DomainErrorKind.Conflict, "keyId");
        Spec.ThenRefused(() => AccessDecider.RevokeKey(after, "k2"), DomainErrorKind.NotFound, "keyId");
    }

    [Fact]
    public void The_residents_page_is_closed_until_opened_and_each_change_is_refused_when_it_changes_nothing()
    {
        Assert.False(Granted.ResidentsPage);
        Spec.ThenRefused(() => AccessDecider.CloseResidentsPage(Granted), DomainErrorKind.Conflict, "residentsPage");
        var opened = AccessDecider.Evolve(Granted, AccessDecider.OpenResidentsPage(Granted));
        Assert.True(opened.ResidentsPage);
        Assert.Equal(Granted.People, opened.People);
        var error = Spec.ThenRefused(() => AccessDecider.OpenResidentsPage(opened), DomainErrorKind.Conflict, "residentsPage");
        Assert.Equal("住民向けページは既に公開されています。", error.Error.Ja);
        Assert.False(AccessDecider.Evolve(opened, AccessDecider.CloseResidentsPage(opened)).ResidentsPage);
    }

    [Fact]
    public void Figure_review_is_off_until_turned_on_and_each_change_is_refused_when_it_changes_nothing()
    {
        Assert.False(Granted.FigureReview);
        Spec.ThenRefused(() => AccessDecider.TurnFigureReviewOff(Granted), DomainErrorKind.Conflict, "on");
        var on = AccessDecider.Evolve(Granted, AccessDecider.TurnFigureReviewOn(Granted));
        Assert.True(on.FigureReview);
        Assert.False(on.ResidentsPage);
        var error = Spec.ThenRefused(() => AccessDecider.TurnFigureReviewOn(on), DomainErrorKind.Conflict, "on");
        Assert.Equal("figure-review-already-on", error.Error.Code);
        Assert.False(AccessDecider.Evolve(on, AccessDecider.TurnFigureReviewOff(on)).FigureReview);
    }

    [Fact]
    public void Access_events_live_in_the_access_stream_and_belong_to_no_plan()
    {
        Assert.Equal(("access", "access"), StreamIds.For(new AccessRevoked("s", "名", "office")));
        Assert.Equal("access", StreamIds.TypeOf(StreamIds.Access));
        Assert.Null(StreamIds.PlanIdOf(StreamIds.Access));
        Assert.DoesNotContain("planId", EventCatalog.Serialize(new ApiKeyCreated("k", "名", "office")).Json, StringComparison.Ordinal);
    }
}

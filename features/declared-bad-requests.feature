@400 @bad-requests
Feature: The bad requests a service declares (400)
  Beyond what the page says, a service may refuse more requests with 400: a
  token of a form it does not issue, a department it cannot read. Its
  fixtures list them (badRequests), each the first 200 request with one
  thing changed, and it is held to them. The mock declares an empty token.

  Scenario: Every request the fixtures declare bad is answered 400
    Given the fixture for status 200
    And the requests the fixtures declare bad
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

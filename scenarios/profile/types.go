package profile

import "github.com/profilemock/profilemock/schemas"

// The types below mirror defs.schema.json field for field, in the order of the API reference page.
// None of the json tags has omitempty: the contract wants every field present, and an absent field and
// an empty one mean different things to the clients we mock for. Slices are never nil in a generated
// Response, because nil marshals to null, which the contract rejects.

// Item statuses: where a vault document is in its life, from asked-for to reviewed.
const (
	StatusScheduled       = "SCHEDULED"        // the dealership will ask for it later
	StatusRequested       = "REQUESTED"        // asked for, nothing uploaded yet
	StatusPendingApproval = "PENDING_APPROVAL" // uploaded, waiting for an associate
	StatusCompleted       = "COMPLETED"        // approved
	StatusDeclined        = "DECLINED"         // refused for good
)

// Review statuses: the outcome of one associate's review of an uploaded document.
const (
	ReviewApproved       = "APPROVED"
	ReviewDeclined       = "DECLINED"
	ReviewRequestedAgain = "REQUESTED_AGAIN" // sent back to the customer for a new upload
)

// ItemStatuses returns the five item statuses in the contract's enum order. It returns a new slice on
// every call so that no caller can change another's view of the enum.
func ItemStatuses() []string {
	return []string{StatusScheduled, StatusRequested, StatusPendingApproval, StatusCompleted, StatusDeclined}
}

// ReviewStatuses returns the three review statuses in the contract's enum order, as a new slice.
func ReviewStatuses() []string {
	return []string{ReviewApproved, ReviewDeclined, ReviewRequestedAgain}
}

// itemStatus returns the i-th item status in enum order (i in 0..4).
func itemStatus(i int) string {
	switch i {
	case 0:
		return StatusScheduled
	case 1:
		return StatusRequested
	case 2:
		return StatusPendingApproval
	case 3:
		return StatusCompleted
	}
	return StatusDeclined
}

func isItemStatus(s string) bool {
	switch s {
	case StatusScheduled, StatusRequested, StatusPendingApproval, StatusCompleted, StatusDeclined:
		return true
	}
	return false
}

// Response is the 200 body of getCustomerProfileData.
type Response struct {
	Errors                        []ProfileError      `json:"errors"`
	Warnings                      []Warning           `json:"warnings"`
	CustomerProfileDataRequestDTO CustomerProfileData `json:"customerProfileDataRequestDTO"`
}

// ProfileError is an error entry of the 200 body; unlike the error responses' entries it has a description.
type ProfileError struct {
	ErrorCode        int32  `json:"errorCode"`
	ErrorTitle       string `json:"errorTitle"`
	ErrorDescription string `json:"errorDescription"`
	ErrorMessage     string `json:"errorMessage"`
}

// Warning is a warning entry of any body: the contract's one warning type.
type Warning = schemas.Warning

// CustomerProfileData is the profile itself: who the customer is, which dealer asks, and what it asks for.
type CustomerProfileData struct {
	CustomerInfo         CustomerInfo      `json:"customerInfo"`
	DealerInfo           DealerInfo        `json:"dealerInfo"`
	VehicleInfo          Vehicle           `json:"vehicleInfo"`
	VaultDataRequestUUID string            `json:"vaultDataRequestUUID"`
	Items                []Item            `json:"items"`
	DepartmentUUID       string            `json:"departmentUuid"`
	Attributes           map[string]string `json:"attributes"`
}

// CustomerInfo is the customer's contact card, vehicles and co-owners.
type CustomerInfo struct {
	ID                    int64               `json:"id"`
	Fname                 string              `json:"fname"`
	Lname                 string              `json:"lname"`
	CustomerKey           string              `json:"customerKey"`
	UUID                  string              `json:"uuid"`
	Company               string              `json:"company"`
	DealerID              int64               `json:"dealerId"`
	Communications        []Communication     `json:"communications"`
	Vehicles              []Vehicle           `json:"vehicles"`
	SecondaryCustomerData []SecondaryCustomer `json:"secondaryCustomerData"`
}

// Communication is one way to reach the customer: an email address or a phone number.
type Communication struct {
	CommValue string `json:"commValue"`
	CommType  string `json:"commType"`  // EMAIL, PHONE or TEXT
	CommLabel string `json:"commLabel"` // home, work or mobile
	Preferred bool   `json:"preferred"`
	ID        int64  `json:"id"`
}

// Vehicle is a customer's vehicle. One type serves customerInfo.vehicles[] and vehicleInfo, as in the schema.
type Vehicle struct {
	Model      string `json:"model"`
	Year       string `json:"year"`
	Make       string `json:"make"`
	Engine     string `json:"engine"`
	BodyStyle  string `json:"bodyStyle"`
	Trim       string `json:"trim"`
	VIN        string `json:"vin"`
	ID         int64  `json:"id"`
	IsValid    bool   `json:"isValid"`
	UUID       string `json:"uuid"`
	VehicleKey string `json:"vehicleKey"`
	ImageURL   string `json:"imageUrl"`
}

// SecondaryCustomer is a co-owner of the customer's profile.
type SecondaryCustomer struct {
	Fname       string `json:"fname"`
	Lname       string `json:"lname"`
	CustomerKey string `json:"customerKey"`
	GUID        string `json:"guid"`
	CustomerID  int64  `json:"customerId"`
}

// DealerInfo is the dealership that asks for the documents.
type DealerInfo struct {
	Name       string `json:"name"`
	DealerUUID string `json:"dealerUUID"`
}

// Item is a vault document the dealership collects from the customer, with its review history.
type Item struct {
	UUID                                  string                      `json:"uuid"`
	Type                                  string                      `json:"type"`
	Name                                  string                      `json:"name"`
	Action                                string                      `json:"action"`
	Description                           string                      `json:"description"`
	Required                              bool                        `json:"required"`
	ApprovalNeeded                        bool                        `json:"approvalNeeded"`
	MaintainHistory                       bool                        `json:"maintainHistory"`
	VaultSupportedDataUUID                string                      `json:"vaultSupportedDataUuid"`
	DealerAssociatesWithApprovalAuthority []DealerAssociate           `json:"dealerAssociatesWithApprovalAuthority"`
	DealerSupportedItemMetaData           DealerSupportedItemMetaData `json:"dealerSupportedItemMetaData"`
	Status                                string                      `json:"status"`
	VaultPiiDataUUID                      string                      `json:"vaultPiiDataUuid"` // "" until the customer uploads
	Reviews                               []Review                    `json:"reviews"`
	IsBackPageSupported                   bool                        `json:"isBackPageSupported"`
}

// DealerAssociate is a dealer associate with authority to approve an item.
type DealerAssociate struct {
	ID                      int64  `json:"id"`
	UserUUID                string `json:"userUuid"`
	DepartmentUUID          string `json:"departmentUuid"`
	DealerSupportedItemUUID string `json:"dealerSupportedItemUuid"`
	IsValid                 bool   `json:"isValid"`
}

// DealerSupportedItemMetaData is the dealership's own configuration of an item: its id and instructions.
type DealerSupportedItemMetaData struct {
	DealerSupportedItemUUID string `json:"dealerSupportedItemUuid"`
	FileText                string `json:"fileText"`
	FileURL                 string `json:"fileUrl"`
}

// Review is one associate's decision on an uploaded document.
type Review struct {
	ReviewStatus       string `json:"reviewStatus"`
	ReviewerUserUUID   string `json:"reviewerUserUuid"`
	ReviewerName       string `json:"reviewerName"`
	Reason             string `json:"reason"`             // "" for APPROVED
	ReviewedAtDateTime string `json:"reviewedAtDateTime"` // RFC 3339, UTC, whole seconds
}
